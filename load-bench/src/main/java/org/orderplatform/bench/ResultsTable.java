package org.orderplatform.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The benchmark's figures as Markdown: one column per rate, then the verdicts, the audit's findings, the reports. */
final class ResultsTable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ResultsTable() {
    }

    static String markdown(BenchSettings settings, Instant startedAt, List<RateResult> results) {
        List<String> lines = new ArrayList<>();
        BiConsumer<String, Function<RateResult, String>> row = (heading, cell) -> lines.add("| " + heading + " | "
                + results.stream().map(cell).collect(Collectors.joining(" | ")) + " |");

        lines.add("## Suite benchmark, " + WHEN.format(startedAt));
        lines.add("");
        lines.add(settings.measured().toSeconds() + " s measured at each rate after a " + settings.warmUp().toSeconds()
                + " s warm-up at the same rate; open model, one order per virtual user, up to " + SuiteBenchmark.TRIES
                + " tries with the same Idempotency-Key; orders sent to " + settings.entry().label + " ("
                + settings.entry().url + ")."
                + (settings.scaleIn() ? " First with every instance the suite was started with, then with one of"
                + " each: the further instances stopped (SIGTERM) between the two, running on." : "")
                + (settings.samplings().isEmpty() ? "" : " Before each sampling, the traced services ("
                + String.join(", ", new TreeSet<>(SuiteClient.TRACED.keySet())) + ") were set to it at"
                + " /actuator/tracing, running on."));
        lines.add("");
        row.accept("", RateResult::label);
        row.accept("---", result -> "---:");
        row.accept("orders measured (warm-up)", result -> result.measuredOrders() + " (" + result.warmUpOrders() + ")");
        row.accept("rate achieved", result -> String.format(Locale.ROOT, "%.1f/s", result.achievedRate()));
        row.accept("201 after a retry / no 201 during the run", result -> result.retried() + " / " + result.unanswered());
        row.accept("201, p50 / p90 / p99 / max", result -> latencies(result.accepted()));
        row.accept("placed → CONFIRMED, p50 / p90 / p99 / max", result -> latencies(result.confirmed()));
        row.accept("placed → first email, p50 / p90 / p99 / max", result -> latencies(result.firstEmail()));
        row.accept("CPU per order, whole suite", result -> cpu(result.suiteCpuMillisPerOrder()));
        for (String process : SuiteSampler.PROCESSES) {
            row.accept("CPU per order, " + process, result -> cpu(result.cpuMillisPerOrder(process)));
        }
        row.accept("CPU per order, the load generator (not in the suite's)",
                result -> cpu(result.cpuMillisPerOrder(ResourceUsage.LOAD_GENERATOR)));
        row.accept("CPU measured over", result -> seconds(result.usage().window()));
        row.accept("peak RSS of the suite", result -> gibibytes(result.usage().peakResidentBytes()));
        row.accept("audit", result -> (result.audit().passed() ? "passed: " : "**FAILED**: ") + result.audit().summary());
        for (Target target : Target.values()) {
            row.accept(target.label, result -> target.heldBy(result) ? "met" : "**missed**");
        }

        lines.add("");
        lines.add(Target.highestRateHeld(results)
                .map(rate -> "Highest rate with every latency target met and a clean audit: **" + rate + " orders/s**.")
                .orElse("No rate met every latency target with a clean audit."));
        for (RateResult result : results) {
            if (!result.audit().passed()) {
                lines.add("");
                lines.add("Audit problems at " + result.label() + ":");
                result.audit().problems().forEach(problem -> lines.add("- " + problem));
            }
            if (!result.usage().restarted().isEmpty()) {
                lines.add("");
                lines.add("Restarted during the measured window at " + result.label() + " (CPU counted from "
                        + "the first reading of the new process): " + String.join(", ", result.usage().restarted()));
            }
        }
        lines.add("");
        lines.add("Gatling's reports (HTML, with charts):");
        results.forEach(result -> lines.add("- " + result.label() + ": " + result.report()));
        return String.join("\n", lines) + "\n";
    }

    private static String latencies(Optional<LatencySummary> summary) {
        return summary.map(latency -> millis(latency.p50()) + " / " + millis(latency.p90()) + " / "
                        + millis(latency.p99()) + " / " + millis(latency.max()) + " ms")
                .orElse("none");
    }

    /** Tenths of a millisecond below 10 ms, whole milliseconds above. */
    private static String millis(Duration latency) {
        double millis = latency.toNanos() / 1e6;
        return millis < 10
                ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%,d", Math.round(millis));
    }

    private static String seconds(Duration span) {
        return String.format(Locale.ROOT, "%.1f s", span.toMillis() / 1000.0);
    }

    private static String cpu(double millisPerOrder) {
        return Double.isNaN(millisPerOrder) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", millisPerOrder);
    }

    private static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
