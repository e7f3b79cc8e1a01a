package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.status.Facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Hostname, MAC and product_uuid unique across the nodes that reported facts (kubeadm requires it and can see only
 * its own node). Compared case-insensitively. An unknown value (no DMI product_uuid on some VMs, an interface
 * without a MAC, the all-zero MAC of tunnels) is not compared: nothing says it collides. Duplicates are permanent:
 * a cloned VM keeps its identity however often we retry.
 */
final class IdentityChecks {
    private static final String NO_MAC = "00:00:00:00:00:00";

    private final Map<String, TreeSet<String>> hostnameOwners;
    private final Map<String, TreeSet<String>> macOwners;
    private final Map<String, TreeSet<String>> uuidOwners;

    /** @param facts the facts of every node that reported them, by node name */
    IdentityChecks(Map<String, Facts> facts) {
        hostnameOwners = owners(facts, f -> f.hostname() == null ? List.of() : List.of(f.hostname()));
        macOwners = owners(facts, IdentityChecks::macs);
        uuidOwners = owners(facts, f -> f.productUuid() == null ? List.of() : List.of(f.productUuid()));
    }

    List<PreflightFailure> hostname(NodeInput input) {
        return duplicates(input, PreflightCheck.UNIQUE_HOSTNAME, "hostname", hostnameOwners,
                input.facts().hostname() == null ? List.of() : List.of(input.facts().hostname()));
    }

    List<PreflightFailure> mac(NodeInput input) {
        return duplicates(input, PreflightCheck.UNIQUE_MAC, "MAC", macOwners, macs(input.facts()));
    }

    List<PreflightFailure> productUuid(NodeInput input) {
        return duplicates(input, PreflightCheck.UNIQUE_PRODUCT_UUID, "product_uuid", uuidOwners,
                input.facts().productUuid() == null ? List.of() : List.of(input.facts().productUuid()));
    }

    private static List<PreflightFailure> duplicates(NodeInput input, PreflightCheck check, String fact,
                                                     Map<String, TreeSet<String>> owners, List<String> values) {
        List<PreflightFailure> failures = new ArrayList<>();
        for (String value : new TreeSet<>(values.stream().map(IdentityChecks::normalized).toList())) {
            TreeSet<String> others = new TreeSet<>(owners.getOrDefault(value, new TreeSet<>()));
            others.remove(input.name());
            if (!others.isEmpty()) {
                failures.add(PreflightFailure.permanent(input.name(), check,
                        fact + " " + value + " is also " + String.join(", ", others.stream()
                                .map(other -> other + "'s").toList()),
                        "a " + fact + " no other node has"));
            }
        }
        return failures;
    }

    private static Map<String, TreeSet<String>> owners(Map<String, Facts> facts,
                                                       Function<Facts, List<String>> values) {
        Map<String, TreeSet<String>> owners = new TreeMap<>();
        facts.forEach((node, nodeFacts) -> values.apply(nodeFacts).forEach(value ->
                owners.computeIfAbsent(normalized(value), key -> new TreeSet<>()).add(node)));
        return owners;
    }

    private static List<String> macs(Facts facts) {
        if (facts.interfaces() == null) {
            return List.of();
        }
        return facts.interfaces().stream().map(Facts.NetworkInterfaceFacts::mac)
                .filter(mac -> mac != null && !mac.isBlank() && !normalized(mac).equals(NO_MAC))
                .distinct().toList();
    }

    private static String normalized(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
