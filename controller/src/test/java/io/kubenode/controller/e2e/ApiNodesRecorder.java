package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cluster's node objects as a client of the endpoint sees them: {@code GET /api/v1/nodes} with curl through the
 * virtual IP (the front haproxy, a control plane's haproxy, its simulated apiserver), verified against the cluster CA
 * as the endpoint's name, as the cluster admin of node1's admin.conf, every 200 ms until closed. A sample is the set
 * of nodes the API shows unschedulable (cordoned).
 */
final class ApiNodesRecorder extends Sampler<Set<String>> {
    private static final Duration EVERY = Duration.ofMillis(200);

    private ApiNodesRecorder(List<String> curl, int nodes) {
        super(() -> cordoned(curl, nodes), EVERY);
    }

    /** Starts sampling the API of {@code cluster}, which lists {@code nodes} nodes. */
    static ApiNodesRecorder start(OrchestratedCluster cluster, int nodes) throws IOException {
        SandboxNode node1 = cluster.node("node1.internal");
        Path dir = Files.createDirectories(cluster.work().resolve("api-client"));
        String adminConf = Files.readString(node1.file("/etc/kubernetes/admin.conf"));
        Path certificate = writePrivate(dir.resolve("admin.crt"), field(adminConf, "client-certificate-data"));
        Path key = writePrivate(dir.resolve("admin.key"), field(adminConf, "client-key-data"));
        String authority = OrchestratedCluster.ENDPOINT_NAME + ":" + OrchestratedCluster.ENDPOINT_PORT;
        List<String> curl = List.of(ExternalCommand.require("curl"), "-sS", "--fail", "--max-time", "3",
                "--resolve", authority + ":" + OrchestratedCluster.VIP, "--cacert",
                node1.file("/etc/kubernetes/pki/ca.crt").toString(), "--cert", certificate.toString(), "--key",
                key.toString(), "https://" + authority + "/api/v1/nodes");
        ApiNodesRecorder recorder = new ApiNodesRecorder(curl, nodes);
        recorder.begin();
        return recorder;
    }

    /** Whether the sample taken last before {@code at} showed {@code node} cordoned; empty without one. */
    Optional<Boolean> cordonedBefore(String node, Instant at) {
        return samples().stream().filter(sample -> sample.at().isBefore(at)).reduce((first, second) -> second)
                .map(sample -> sample.value().contains(node));
    }

    /** Whether the first sample taken after {@code at} showed {@code node} cordoned; empty without one. */
    Optional<Boolean> cordonedAfter(String node, Instant at) {
        return samples().stream().filter(sample -> sample.at().isAfter(at)).findFirst()
                .map(sample -> sample.value().contains(node));
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        Set<String> previous = null;
        for (Sample<Set<String>> sample : samples()) {
            if (!sample.value().equals(previous)) {
                text.append(sample.at()).append(" unschedulable: ").append(sample.value()).append('\n');
                previous = sample.value();
            }
        }
        return text + (failure() == null ? "" : "last failed read: " + failure() + "\n");
    }

    private static Set<String> cordoned(List<String> curl, int nodes) {
        try {
            ExternalCommand.Result result = ExternalCommand.run(curl);
            if (result.exitCode() != 0) {
                throw new AssertionError(result.describe());
            }
            JsonNode items = Documents.json().readTree(result.stdout()).path("items");
            if (items.size() != nodes) {
                throw new AssertionError("the API listed " + items.size() + " nodes, not " + nodes + ": "
                        + result.stdout());
            }
            Set<String> cordoned = new TreeSet<>();
            for (JsonNode item : items) {
                if (item.path("spec").path("unschedulable").asBoolean(false)) {
                    cordoned.add(item.path("metadata").path("name").asText());
                }
            }
            return cordoned;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/nodes through the endpoint: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A kubeconfig's base64 {@code name:} value, decoded. */
    private static byte[] field(String kubeconfig, String name) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(\\S+)\\s*$").matcher(kubeconfig);
        if (!matcher.find()) {
            throw new AssertionError("node1's admin.conf has no " + name + ": " + kubeconfig.lines()
                    .map(line -> line.replaceAll("(-data:\\s*).*", "$1...")).collect(Collectors.joining("\n")));
        }
        return Base64.getDecoder().decode(matcher.group(1));
    }

    private static Path writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.write(file, content);
    }
}
