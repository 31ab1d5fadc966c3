package org.orderplatform.axonserver.api;

import org.orderplatform.axonserver.command.CommandRouter;
import org.orderplatform.axonserver.platform.MessageStatistics;
import org.orderplatform.axonserver.query.QueryRouter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The command and query handler registry with what was routed since the server started. Statistics are kept per
 * message name; a name routed but no longer handled by anyone is listed without handlers and context.
 */
@RestController
@RequestMapping("/v1")
class HandlersController {

    private final CommandRouter commands;
    private final QueryRouter queries;

    HandlersController(CommandRouter commands, QueryRouter queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping("/commands")
    List<MessageHandlers<CommandRouter.Handler>> commands() {
        return join(commands.handlers().stream()
                        .map(h -> new Subscribed<>(h.context(), h.command(), h.handlers()))
                        .toList(),
                commands.statistics());
    }

    @GetMapping("/queries")
    List<MessageHandlers<QueryRouter.Handler>> queries() {
        return join(queries.handlers().stream()
                        .map(h -> new Subscribed<>(h.context(), h.query(), h.handlers()))
                        .toList(),
                queries.statistics());
    }

    private static <H> List<MessageHandlers<H>> join(List<Subscribed<H>> subscribed,
                                                     List<MessageStatistics.Snapshot> statistics) {
        Map<String, MessageStatistics.Snapshot> byName = statistics.stream()
                .collect(Collectors.toMap(MessageStatistics.Snapshot::name, Function.identity()));
        List<MessageHandlers<H>> joined = new ArrayList<>();
        for (Subscribed<H> entry : subscribed) {
            joined.add(MessageHandlers.of(entry.context(), entry.name(), entry.handlers(), byName.get(entry.name())));
        }
        statistics.stream()
                .filter(stats -> subscribed.stream().noneMatch(entry -> entry.name().equals(stats.name())))
                .forEach(stats -> joined.add(MessageHandlers.of(null, stats.name(), List.of(), stats)));
        joined.sort(Comparator.comparing(MessageHandlers<H>::name)
                .thenComparing(MessageHandlers::context, Comparator.nullsLast(Comparator.naturalOrder())));
        return joined;
    }

    private record Subscribed<H>(String context, String name, List<H> handlers) {
    }

    /**
     * A command or query name: who handles it, and how routing it went since the server started.
     *
     * @param routed            messages routed to a handler and answered
     * @param failures          of which answered with an error
     * @param meanLatencyMillis mean time from receiving a message to its final answer
     * @param maxLatencyMillis  longest such time
     */
    record MessageHandlers<H>(String context, String name, List<H> handlers, long routed, long failures,
                              double meanLatencyMillis, double maxLatencyMillis) {

        static <H> MessageHandlers<H> of(String context, String name, List<H> handlers,
                                         MessageStatistics.Snapshot stats) {
            if (stats == null) {
                return new MessageHandlers<>(context, name, handlers, 0, 0, 0, 0);
            }
            return new MessageHandlers<>(context, name, handlers, stats.count(), stats.failures(),
                    stats.meanLatency().toNanos() / 1e6, stats.maxLatency().toNanos() / 1e6);
        }
    }
}
