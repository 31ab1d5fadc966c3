package org.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What running several instances of each service adds to the audit of the fault suite: every event processor's
 * segments spread over the instances that run it (Axon Server's {@code /v1/processors}), and the order view
 * replayed by two order-query processes together, after which each of them shows every audited order as it was.
 */
final class ScaleOutChecks {

    private static final String PROCESSORS = "http://localhost:8024/v1/processors";
    private static final String ORDER_VIEW = "/admin/projections/orders";
    /** Several rounds of the server's segment balancing and the instances' claims. */
    private static final Duration SPREAD_PATIENCE = Duration.ofSeconds(90);
    private static final Duration REPLAY_PATIENCE = Duration.ofMinutes(10);

    private final SuiteClient suite;
    private final String operatorToken;

    ScaleOutChecks(SuiteClient suite, String operatorToken) {
        this.suite = suite;
        this.operatorToken = operatorToken;
    }

    /**
     * The processors whose segments are not spread: at least as many segments as instances, but an instance holding
     * none. A processor that only one instance runs, or one without segments, has nothing to spread.
     */
    static List<String> unevenSegments(JsonNode processors) {
        List<String> uneven = new ArrayList<>();
        for (JsonNode processor : processors) {
            List<Integer> held = segmentsPerInstance(processor);
            int segments = held.stream().mapToInt(Integer::intValue).sum();
            if (processor.path("streaming").asBoolean() && held.size() > 1 && segments >= held.size()
                    && held.contains(0)) {
                uneven.add(describe(processor, held));
            }
        }
        return uneven;
    }

    /** How each processor run by several instances has its segments spread, e.g. {@code order-command orders 1+1}. */
    static String spread(JsonNode processors) {
        return StreamSupport.stream(processors.spliterator(), false)
                .filter(processor -> processor.path("streaming").asBoolean())
                .map(processor -> Map.entry(processor, segmentsPerInstance(processor)))
                .filter(entry -> entry.getValue().size() > 1)
                .map(entry -> describe(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** Waits until every processor's segments are spread; what is not spread within the patience is a problem. */
    AuditVerdict awaitSegmentsSpread() {
        Instant deadline = Instant.now().plus(SPREAD_PATIENCE);
        while (true) {
            JsonNode processors = suite.operatorGet(PROCESSORS, operatorToken);
            List<String> uneven = unevenSegments(processors);
            if (uneven.isEmpty() || Instant.now().isAfter(deadline)) {
                return new AuditVerdict("segments " + spread(processors), uneven.stream()
                        .map(processor -> "segments not spread after " + SPREAD_PATIENCE.toSeconds() + " s: " + processor)
                        .toList());
            }
            OrderWatch.sleep(Duration.ofSeconds(2));
        }
    }

    /**
     * Replays the order view through the first order-query instance while every instance takes part, then checks
     * that each instance shows every order of {@code observed} with the status it had before.
     */
    AuditVerdict replayOrderView(List<SuiteControl.Instance> orderQueries, Map<String, OrderObservation> observed) {
        String first = orderQueries.get(0).url();
        Instant started = Instant.now();
        suite.operatorPost(first + ORDER_VIEW + "/replay", operatorToken, 202);
        while (!"LIVE".equals(suite.operatorGet(first + ORDER_VIEW, operatorToken).path("state").asText())) {
            if (Instant.now().isAfter(started.plus(REPLAY_PATIENCE))) {
                return new AuditVerdict("order view replay", List.of("the order view's replay did not end within "
                        + REPLAY_PATIENCE.toMinutes() + " min"));
            }
            OrderWatch.sleep(Duration.ofSeconds(1));
        }
        String summary = "order view replayed by " + orderQueries.size() + " order-query instances in "
                + Duration.between(started, Instant.now()).toSeconds() + " s, " + observed.size()
                + " orders read back from each";
        List<String> problems = new ArrayList<>();
        for (SuiteControl.Instance instance : orderQueries) {
            long differing = observed.values().stream()
                    .filter(order -> !suite.orderStatusAt(instance.url(), order.orderId())
                            .equals(Optional.ofNullable(order.status())))
                    .count();
            if (differing > 0) {
                problems.add(differing + " of " + observed.size() + " orders differ after the replay at "
                        + instance.name());
            }
        }
        return new AuditVerdict(summary, problems);
    }

    private static List<Integer> segmentsPerInstance(JsonNode processor) {
        return StreamSupport.stream(processor.path("instances").spliterator(), false)
                .filter(instance -> instance.at("/status/running").asBoolean())
                .map(instance -> instance.at("/status/segments").size())
                .toList();
    }

    private static String describe(JsonNode processor, List<Integer> held) {
        return processor.path("application").asText() + " " + processor.path("name").asText() + " "
                + held.stream().map(String::valueOf).collect(Collectors.joining("+"));
    }
}
