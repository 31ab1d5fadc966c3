package org.orderplatform.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Gauges whose values come from a query, such as a count in MongoDB: too slow, and too likely to wait on a database
 * that is away, to run inside a scrape. All are sampled every {@code support.metrics.sample-interval} (15 s, the
 * scrape interval), and a scrape reads the last sample. A sample that fails leaves the gauge without a value (NaN),
 * so that a chart shows a gap and an alert does not act on a stale figure.
 */
public class SampledGauges {

    private static final Logger log = LoggerFactory.getLogger(SampledGauges.class);

    private final MeterRegistry registry;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    public SampledGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a gauge whose value is taken from {@code sample} at every interval.
     *
     * @param baseUnit the unit of the value, such as {@code seconds}; {@code null} for a count
     */
    public void gauge(String name, String description, String baseUnit, DoubleSupplier sample) {
        AtomicReference<Double> last = register(name, description, baseUnit, Tags.empty());
        samples.add(new Sample(name, () -> last.set(sample.getAsDouble()), () -> last.set(Double.NaN)));
    }

    /**
     * Registers one gauge for each value of a tag, all taken from one {@code sample} at every interval: a value the
     * sample leaves out is 0. For figures that one query gives together, such as a count by state.
     */
    public void gauges(String name, String description, String tag, Collection<String> values,
                       Supplier<Map<String, ? extends Number>> sample) {
        Map<String, AtomicReference<Double>> last = new LinkedHashMap<>();
        values.forEach(value -> last.put(value, register(name, description, null, Tags.of(tag, value))));
        samples.add(new Sample(name, () -> {
            Map<String, ? extends Number> sampled = sample.get();
            last.forEach((value, gauge) -> gauge.set(sampled.containsKey(value)
                    ? sampled.get(value).doubleValue() : 0.0));
        }, () -> last.values().forEach(gauge -> gauge.set(Double.NaN))));
    }

    @Scheduled(fixedDelayString = "${support.metrics.sample-interval:15s}")
    public void sampleAll() {
        samples.forEach(Sample::take);
    }

    private AtomicReference<Double> register(String name, String description, String baseUnit, Tags tags) {
        AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
        Gauge.builder(name, last, AtomicReference::get)
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                .register(registry);
        return last;
    }

    private static final class Sample {

        private final String name;
        private final Runnable take;
        private final Runnable forget;
        private boolean failing;

        Sample(String name, Runnable take, Runnable forget) {
            this.name = name;
            this.take = take;
            this.forget = forget;
        }

        void take() {
            try {
                take.run();
                failing = false;
            } catch (RuntimeException e) {
                // Said once per outage, not at every interval.
                if (!failing) {
                    log.warn("Gauge {} cannot be sampled, left without a value until it can: {}", name, e.toString());
                }
                failing = true;
                forget.run();
            }
        }
    }
}
