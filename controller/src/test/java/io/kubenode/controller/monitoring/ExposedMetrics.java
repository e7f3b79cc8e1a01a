package io.kubenode.controller.monitoring;

import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.metrics.ControllerMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an agent and a controller with one node expose, every series present (a request answered, a pass recorded, a
 * store operation registered): a rule or a panel that names a metric missing here would never show anything.
 */
final class ExposedMetrics {
    private static final Pattern METRIC = Pattern.compile("\\b(kubenode_[a-z_]+)\\b");

    private ExposedMetrics() {
    }

    static String exposition() {
        AgentMetrics agent = new AgentMetrics();
        ControllerMetrics controller = new ControllerMetrics(Instant.now().plus(Duration.ofDays(365)), () -> 0);
        controller.nodes(List.of(new NodeSummary("node1.internal", "worker", "192.0.2.11", true, 3, 3, 0,
                Instant.now().toString(), true, false, Instant.now().plus(Duration.ofDays(90)).toString(), null)));
        controller.storeOperations(List.of("putOrchestration"));
        controller.request("GET", "/api/v1/nodes", 200, 1_000_000);
        return agent.scrape() + controller.scrape();
    }

    /** The kubenode metric names in {@code expressions}. */
    static Set<String> named(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                names.add(metric.group(1));
            }
        }
        return names;
    }

    /** Fails unless every kubenode metric {@code expressions} name is exposed. */
    static void assertExposed(List<String> expressions, String what) {
        String exposed = exposition();
        assertThat(named(expressions)).as("metrics " + what + " name").isNotEmpty()
                .allSatisfy(name -> assertThat(exposed).as(name).containsPattern("(?m)^" + name + "[{ ]"));
    }
}
