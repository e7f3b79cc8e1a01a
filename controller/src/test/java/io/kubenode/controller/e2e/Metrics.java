package io.kubenode.controller.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus text endpoint (agent or controller), read by metric name and labels. */
final class Metrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final URI source;
    private final List<Sample> samples;

    private Metrics(URI source, List<Sample> samples) {
        this.source = source;
        this.samples = samples;
    }

    static Metrics scrape(URI endpoint) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(endpoint + " answered " + response.statusCode() + ": " + response.body());
            }
            return new Metrics(endpoint, parse(response.body()));
        } catch (IOException e) {
            throw new AssertionError("cannot scrape " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted scraping " + endpoint, e);
        }
    }

    /** The value of the one series {@code name} with exactly these labels; absent is an assertion failure. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(sample -> sample.name.equals(name) && sample.labels.equals(labels))
                .mapToDouble(Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError(source + " has no " + name + labels));
    }

    double value(String name) {
        return value(name, Map.of());
    }

    /** The sum over every series {@code name} whose labels include {@code subset}; 0 when there is none. */
    double sum(String name, Map<String, String> subset) {
        return samples.stream()
                .filter(sample -> sample.name.equals(name) && sample.labels.entrySet().containsAll(subset.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), number(sample.group(3))));
        }
        return samples;
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
