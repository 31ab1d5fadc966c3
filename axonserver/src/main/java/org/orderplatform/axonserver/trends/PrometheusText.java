package org.orderplatform.axonserver.trends;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of one scrape in Prometheus' text format ({@code name{label="value",...} value}), read only as far as
 * the charts need: names, labels and values; comments, types and timestamps are left out.
 */
final class PrometheusText {

    /** One sample: a metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /** The samples of several scrapes as one. */
    static PrometheusText join(List<PrometheusText> scrapes) {
        List<Sample> all = new ArrayList<>();
        scrapes.forEach(scrape -> all.addAll(scrape.samples));
        return new PrometheusText(all);
    }

    /** @throws IllegalArgumentException on a line that is not a sample, naming it */
    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                samples.add(sample(trimmed));
            }
        }
        return new PrometheusText(samples);
    }

    /** The sum of the values of the samples named {@code name} whose labels pass {@code labels}; null when none does. */
    Double sum(String name, Predicate<Map<String, String>> labels) {
        Double sum = null;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && labels.test(sample.labels()) && !Double.isNaN(sample.value())) {
                sum = (sum == null ? 0 : sum) + sample.value();
            }
        }
        return sum;
    }

    Double sum(String name) {
        return sum(name, labels -> true);
    }

    /**
     * The highest value of the samples named {@code name}; null when there is none. For a figure every instance of a
     * service reads from the same database, which a sum would count once per instance.
     */
    Double max(String name) {
        Double max = null;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && !Double.isNaN(sample.value())) {
                max = max == null ? sample.value() : Math.max(max, sample.value());
            }
        }
        return max;
    }

    /** The sums of the samples named {@code name}, by the value of their label {@code label}. */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new HashMap<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().containsKey(label) && !Double.isNaN(sample.value())) {
                sums.merge(sample.labels().get(label), sample.value(), Double::sum);
            }
        }
        return sums;
    }

    private static Sample sample(String line) {
        int nameEnd = 0;
        while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
            nameEnd++;
        }
        String name = line.substring(0, nameEnd);
        Map<String, String> labels = new HashMap<>();
        int position = nameEnd;
        if (position < line.length() && line.charAt(position) == '{') {
            position = labels(line, position + 1, labels);
        }
        String[] rest = line.substring(position).strip().split(" ");
        if (name.isEmpty() || rest[0].isEmpty()) {
            throw new IllegalArgumentException("not a Prometheus sample: " + line);
        }
        return new Sample(name, labels, value(rest[0], line));
    }

    /** Reads {@code a="x",b="y"}} from {@code position}; returns the position after the closing brace. */
    private static int labels(String line, int position, Map<String, String> labels) {
        while (position < line.length() && line.charAt(position) != '}') {
            int equals = line.indexOf('=', position);
            if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            String label = line.substring(position, equals).strip();
            StringBuilder value = new StringBuilder();
            int at = equals + 2;
            while (at < line.length() && line.charAt(at) != '"') {
                char c = line.charAt(at);
                if (c == '\\' && at + 1 < line.length()) {
                    char escaped = line.charAt(++at);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                at++;
            }
            if (at >= line.length()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            labels.put(label, value.toString());
            position = at + 1;
            if (position < line.length() && line.charAt(position) == ',') {
                position++;
            }
        }
        if (position >= line.length()) {
            throw new IllegalArgumentException("not a Prometheus sample: " + line);
        }
        return position + 1;
    }

    private static double value(String text, String line) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a Prometheus sample: " + line, e);
                }
            }
        };
    }
}
