package org.orderplatform.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a benchmark run does: {@code [RATES] [SECONDS]} on the command line (orders per second, a comma list, default
 * 100; measured seconds per rate, default 60), the warm-up from {@code -Dbench.warmup} or {@code BENCH_WARMUP}
 * (seconds, default 30), the suite's run directory from {@code -Dsuite.runDir} or {@code SUITE_RUN_DIR}, and where the
 * orders go in from {@code BENCH_ENTRY}: {@code gateway} (default, as clients place them) or {@code order-command}
 * (around the gateway, to tell what its hop costs), and from {@code BENCH_TRACING_SAMPLING} the shares of traces to
 * compare (a comma list of probabilities such as {@code 1.0,0.1,0}: the traced services are set to each in turn
 * at their /actuator/tracing, running on, and every rate runs at each; empty, the default: the suite as it runs).
 *
 * @param samplings the tracing sampling probabilities to run at, as given; empty for the suite's own
 * @param scaleIn   whether to run the rates again with one instance of each service, after the further instances
 *                  of a suite started with {@code --instances} are stopped
 */
record BenchSettings(List<Integer> rates, Duration measured, Duration warmUp, Path runDir, Path outputDir,
                     Entry entry, List<String> samplings, boolean scaleIn) {

    /** Where {@code POST /orders} is sent. */
    enum Entry {
        GATEWAY("gateway", "http://localhost:8080"),
        ORDER_COMMAND("order-command", SuiteClient.ORDER_COMMAND);

        final String label;
        final String url;

        Entry(String label, String url) {
            this.label = label;
            this.url = url;
        }

        static Entry named(String label) {
            return Arrays.stream(values()).filter(entry -> entry.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "BENCH_ENTRY must be gateway or order-command, was '" + label + "'"));
        }
    }

    static final String USAGE = "usage: ./suite bench [RATES] [SECONDS]   e.g. ./suite bench 20,50,100 60"
            + " (orders per second, each measured for SECONDS after a warm-up of BENCH_WARMUP seconds, default 30)";

    static BenchSettings parse(List<String> args, Map<String, String> environment, Properties properties) {
        if (args.size() > 2) {
            throw new IllegalArgumentException("at most two arguments, RATES and SECONDS; got " + args);
        }
        List<Integer> rates = Arrays.stream((args.isEmpty() ? "100" : args.get(0)).split(","))
                .map(String::trim)
                .map(rate -> positive("a rate", rate))
                .toList();
        if (rates.stream().distinct().count() < rates.size()) {
            // Each rate's orders belong to a customer named after it, which the audit counts.
            throw new IllegalArgumentException("each rate at most once, got " + args.get(0));
        }
        int seconds = args.size() < 2 ? 60 : positive("SECONDS", args.get(1));
        String warmUp = properties.getProperty("bench.warmup", environment.getOrDefault("BENCH_WARMUP", "30"));
        String runDir = properties.getProperty("suite.runDir", environment.getOrDefault("SUITE_RUN_DIR", "../run"));
        List<String> samplings = samplings(environment.getOrDefault("BENCH_TRACING_SAMPLING", ""));
        boolean scaleIn = scaleIn(environment.getOrDefault("BENCH_SCALE_IN", "false"));
        if (scaleIn && !samplings.isEmpty()) {
            throw new IllegalArgumentException("BENCH_SCALE_IN and BENCH_TRACING_SAMPLING compare one thing at a time; "
                    + "give one of them");
        }
        return new BenchSettings(rates, Duration.ofSeconds(seconds),
                Duration.ofSeconds(notNegative("the warm-up", warmUp)),
                Path.of(runDir).toAbsolutePath().normalize(),
                Path.of(properties.getProperty("bench.outputDir", "target")).toAbsolutePath().normalize(),
                Entry.named(environment.getOrDefault("BENCH_ENTRY", Entry.GATEWAY.label)),
                samplings, scaleIn);
    }

    private static boolean scaleIn(String flag) {
        if (!flag.equals("true") && !flag.equals("false")) {
            throw new IllegalArgumentException("BENCH_SCALE_IN must be true or false, was '" + flag + "'");
        }
        return Boolean.parseBoolean(flag);
    }

    private static List<String> samplings(String list) {
        if (list.isBlank()) {
            return List.of();
        }
        List<String> samplings = Arrays.stream(list.split(",")).map(String::trim).toList();
        for (String sampling : samplings) {
            double probability;
            try {
                probability = Double.parseDouble(sampling);
            } catch (NumberFormatException e) {
                probability = Double.NaN;
            }
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException(
                        "BENCH_TRACING_SAMPLING must be probabilities from 0 to 1, was '" + sampling + "'");
            }
        }
        if (samplings.stream().distinct().count() < samplings.size()) {
            throw new IllegalArgumentException("BENCH_TRACING_SAMPLING names each sampling at most once, got " + list);
        }
        return samplings;
    }

    private static int positive(String what, String value) {
        int number = whole(what, value);
        if (number <= 0) {
            throw new IllegalArgumentException(what + " must be above 0, was " + value);
        }
        return number;
    }

    private static int notNegative(String what, String value) {
        int number = whole(what, value);
        if (number < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + value);
        }
        return number;
    }

    private static int whole(String what, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, was '" + value + "'");
        }
    }
}
