package org.orderplatform.axonserver.trends;

import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.orderplatform.axonserver.SuiteServices;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.ConnectedApplication;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The figures the dashboard draws as small charts, sampled at a fixed interval and kept in memory for a while (by
 * default every 5 s for ten minutes): events appended per payload type, each event processor's lag, and the commands
 * and queries answered, from the store's counts, the processors' reported positions and the routers' timers; and the
 * order platform's key figures, from its services' Prometheus endpoints when they are configured. Gone at a restart:
 * the charts show the recent past, Prometheus keeps the history.
 */
@Component
public class Trends {

    private final EventStorages storages;
    private final ClientRegistry clients;
    private final MeterRegistry meters;
    private final TrendSettings settings;
    private final ServiceScrapes services;
    private final Clock clock = Clock.systemUTC();
    private final ArrayDeque<TrendPoint> points = new ArrayDeque<>();
    /** The totals at the last sample, which the next one subtracts; null before the first. */
    private Totals last;

    Trends(EventStorages storages, ClientRegistry clients, MeterRegistry meters, TrendSettings settings,
           SuiteServices suite) {
        this.storages = storages;
        this.clients = clients;
        this.meters = meters;
        this.settings = settings;
        this.services = new ServiceScrapes(suite.services());
    }

    /** The samples kept, oldest first. */
    public synchronized List<TrendPoint> points() {
        return new ArrayList<>(points);
    }

    public TrendSettings settings() {
        return settings;
    }

    @Scheduled(fixedDelayString = "${axonserver.trends.interval:5s}")
    public synchronized void sample() {
        Totals now = totals();
        if (last != null) {
            double seconds = Math.max(1, now.at().toEpochMilli() - last.at().toEpochMilli()) / 1000.0;
            Map<String, Double> eventsPerSecond = new TreeMap<>();
            now.eventsByType().forEach((type, count) -> {
                long appended = count - last.eventsByType().getOrDefault(type, 0L);
                if (appended > 0) {
                    eventsPerSecond.put(type, appended / seconds);
                }
            });
            long commands = now.commands().count() - last.commands().count();
            double commandMillis = now.commands().totalMillis() - last.commands().totalMillis();
            points.addLast(new TrendPoint(now.at(), eventsPerSecond, processorLag(), commands / seconds,
                    commands > 0 ? commandMillis / commands : null,
                    (now.queries().count() - last.queries().count()) / seconds,
                    SuiteFigures.between(last.suite(), now.suite(), seconds)));
            while (points.size() > settings.points()) {
                points.removeFirst();
            }
        }
        last = now;
    }

    private Totals totals() {
        Map<String, Long> eventsByType = new HashMap<>();
        for (EventStorage storage : storages.all().values()) {
            storage.eventCountsByType().forEach((type, count) -> eventsByType.merge(type, count, Long::sum));
        }
        return new Totals(clock.instant(), eventsByType, timed("axonserver.command.latency"),
                timed("axonserver.query.latency"), services.scrape());
    }

    private Timed timed(String timer) {
        long count = 0;
        double totalMillis = 0;
        for (Timer found : meters.find(timer).timers()) {
            count += found.count();
            totalMillis += found.totalTime(TimeUnit.MILLISECONDS);
        }
        return new Timed(count, totalMillis);
    }

    /** Per processor, over its instances, the events after its slowest segment's position. */
    private Map<String, Long> processorLag() {
        Map<String, Long> lag = new TreeMap<>();
        for (ConnectedApplication app : clients.applications()) {
            EventStorage storage = storages.all().get(app.client().context());
            if (storage == null) {
                continue;
            }
            long head = storage.lastToken();
            for (EventProcessorInfo processor : app.eventProcessors()) {
                processor.getSegmentStatusList().stream()
                        .mapToLong(segment -> Math.max(0, head - segment.getTokenPosition()))
                        .max()
                        .ifPresent(behind -> lag.merge(app.componentName() + "/" + processor.getProcessorName(),
                                behind, Math::max));
            }
        }
        return lag;
    }

    private record Timed(long count, double totalMillis) {
    }

    /** @param suite what the services reported; null when none is configured or none answered */
    private record Totals(Instant at, Map<String, Long> eventsByType, Timed commands, Timed queries,
                          PrometheusText suite) {
    }
}
