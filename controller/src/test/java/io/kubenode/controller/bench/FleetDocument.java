package io.kubenode.controller.bench;

import io.kubenode.controller.compiler.SeedCluster;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The seed example scaled to a fleet: its three control-plane nodes, then workers up to {@code size} nodes, named
 * node1.internal..nodeN.internal with addresses 192.168.X.Y. {@code sysctlValue} varies one host sysctl so that
 * successive documents change every node's catalog.
 */
public final class FleetDocument {
    private FleetDocument() {
    }

    public static String of(int size, int sysctlValue) {
        String seed = SeedCluster.exampleText();
        String head = seed.substring(0, seed.indexOf("  nodes:\n"));
        String nodes = IntStream.rangeClosed(1, size).mapToObj(FleetDocument::node)
                .collect(Collectors.joining("\n", "  nodes:\n", "\n"));
        return head.replace("    sysctl:\n", "    sysctl:\n      vm.max_map_count: \"" + (262144 + sysctlValue)
                + "\"\n") + nodes;
    }

    private static String node(int i) {
        String address = "192.168." + (1 + (i - 1) / 250) + "." + (1 + (i - 1) % 250);
        return "  - {name: node" + i + ".internal, address: " + address + ", role: "
                + (i <= 3 ? "control-plane" : "worker") + "}";
    }
}
