package org.orderplatform.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * Gauges whose values come from a query, such as a count in MongoDB: too slow, and too likely to wait on a database
 * that is away, to run inside a scrape. All are sampled every {@code support.metrics.sample-interval} (15 s, the
 * scrape interval), and a scrape reads the last sample. A sample that fails leaves the gauge without a value (NaN),
 * so that a chart shows a gap and an alert does not act on a stale figure.
 */
public class SampledGauges {

    private static final Logger log = LoggerFactory.getLogger(SampledGauges.class);

    private final MeterRegistry registry;
    private final List<Sampled> gauges = new CopyOnWriteArrayList<>();

    public SampledGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a gauge whose value is taken from {@code sample} at every interval.
     *
     * @param baseUnit the unit of the value, such as {@code seconds}; {@code null} for a count
     */
    public void gauge(String name, String description, String baseUnit, DoubleSupplier sample) {
        Sampled sampled = new Sampled(name, sample);
        Gauge.builder(name, sampled.last, AtomicReference::get)
                .description(description)
                .baseUnit(baseUnit)
                .register(registry);
        gauges.add(sampled);
    }

    @Scheduled(fixedDelayString = "${support.metrics.sample-interval:15s}")
    public void sampleAll() {
        gauges.forEach(Sampled::sample);
    }

    private static final class Sampled {

        private final String name;
        private final DoubleSupplier sample;
        private final AtomicReference<Double> last = new AtomicReference<>(Double.NaN);

        Sampled(String name, DoubleSupplier sample) {
            this.name = name;
            this.sample = sample;
        }

        void sample() {
            try {
                last.set(sample.getAsDouble());
            } catch (RuntimeException e) {
                // Said once per outage, not at every interval.
                if (!last.get().isNaN()) {
                    log.warn("Gauge {} cannot be sampled, left without a value until it can: {}", name, e.toString());
                }
                last.set(Double.NaN);
            }
        }
    }
}
