package org.orderplatform.axonserver.trends;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The order platform's own figures over one sampling interval, read from its services' {@code /actuator/prometheus}
 * ({@code axonserver.suite.services}). A figure no service reported, in this scrape or (for those counted over the
 * interval) in the one before, is null: the chart shows a gap.
 *
 * @param ordersEndedPerSecond  orders ended per second, by outcome (order-command's {@code orders_outcomes_total})
 * @param acceptedMillis        the mean time the gateway took for a {@code POST /orders} answered {@code 201}
 * @param openSagas             order sagas not ended yet
 * @param oldestSagaSeconds     how long ago the oldest open one started
 * @param pendingOrders         orders the order view shows as pending
 * @param kafkaLag              records on the topics notification has not consumed yet
 * @param deadLetters           records on notification's dead-letter topic
 * @param breakersNotClosed     circuit breakers open, half open or forced open
 * @param emailDelayMillis      the mean time from a fact to its email accepted by the SMTP server
 */
public record SuiteFigures(Map<String, Double> ordersEndedPerSecond, Double acceptedMillis, Double openSagas,
                           Double oldestSagaSeconds, Double pendingOrders, Double kafkaLag, Double deadLetters,
                           Double breakersNotClosed, Double emailDelayMillis) {

    private static final Set<String> NOT_CLOSED = Set.of("open", "half_open", "forced_open");

    /** The figures between two scrapes {@code seconds} apart; either may be null, when no service answered. */
    static SuiteFigures between(PrometheusText before, PrometheusText now, double seconds) {
        if (now == null) {
            return new SuiteFigures(Map.of(), null, null, null, null, null, null, null, null);
        }
        Map<String, Double> ended = new TreeMap<>();
        if (before != null) {
            Map<String, Double> earlier = before.sumBy("orders_outcomes_total", "outcome");
            now.sumBy("orders_outcomes_total", "outcome").forEach((outcome, count) -> {
                double increase = count - earlier.getOrDefault(outcome, 0.0);
                if (increase >= 0) {
                    ended.put(outcome, increase / seconds);
                }
            });
        }
        return new SuiteFigures(ended,
                meanMillis(before, now, "http_server_requests_seconds", SuiteFigures::acceptedAtGateway),
                // Read from the service's database by each of its instances alike.
                now.max("orders_sagas_open"),
                now.max("orders_sagas_oldest_age_seconds"),
                now.max("orders_pending"),
                now.sum("kafka_consumer_fetch_manager_records_lag"),
                now.max("notification_dead_letters"),
                now.sum("resilience4j_circuitbreaker_state",
                        labels -> NOT_CLOSED.contains(labels.get("state"))),
                meanMillis(before, now, "notification_emails_delay_seconds", labels -> true));
    }

    private static boolean acceptedAtGateway(Map<String, String> labels) {
        return "gateway".equals(labels.get("application")) && "POST".equals(labels.get("method"))
                && "/orders".equals(labels.get("uri")) && "201".equals(labels.get("status"));
    }

    /** The mean of a timer over the interval, from the growth of its sum and count; null without growth. */
    private static Double meanMillis(PrometheusText before, PrometheusText now, String timer,
                                     Predicate<Map<String, String>> labels) {
        if (before == null) {
            return null;
        }
        Double countBefore = before.sum(timer + "_count", labels);
        Double countNow = now.sum(timer + "_count", labels);
        Double sumBefore = before.sum(timer + "_sum", labels);
        Double sumNow = now.sum(timer + "_sum", labels);
        if (countBefore == null || countNow == null || sumBefore == null || sumNow == null || countNow <= countBefore) {
            return null;
        }
        return (sumNow - sumBefore) / (countNow - countBefore) * 1000;
    }
}
