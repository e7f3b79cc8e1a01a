package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The etcd API as kubeadm uses it, through the real {@code etcdctl} (v3 API) with the node's healthcheck-client
 * certificate: list, add and remove members, check an endpoint's health. A failed call throws with the argv, the
 * exit code and etcdctl's stderr.
 */
final class EtcdCtl {
    /** A member as {@code member list} shows it; an added member that has not started yet has no name. */
    record Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {
        boolean started() {
            return !name.isEmpty();
        }
    }

    private record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        Result checked() {
            if (exitCode != 0) {
                throw new SimulatorFailure(String.join(" ", argv) + " exited with " + exitCode + ": " + stderr.strip());
            }
            return this;
        }
    }

    private final SimulatorEnv env;

    EtcdCtl(SimulatorEnv env) {
        this.env = env;
    }

    List<Member> members(String endpoint) {
        JsonNode listed = json(run(endpoint, "member", "list", "-w", "json").checked().stdout());
        List<Member> members = new ArrayList<>();
        for (JsonNode member : listed.path("members")) {
            members.add(new Member(hexId(member.path("ID")), member.path("name").asText(""),
                    texts(member.path("peerURLs")), texts(member.path("clientURLs"))));
        }
        return members;
    }

    /** {@code member add}: the initial cluster the new member must start with (etcdctl's ETCD_INITIAL_CLUSTER). */
    String add(String endpoint, String name, String peerUrl) {
        String output = run(endpoint, "member", "add", name, "--peer-urls=" + peerUrl).checked().stdout();
        for (String line : output.lines().toList()) {
            if (line.startsWith("ETCD_INITIAL_CLUSTER=")) {
                return line.substring("ETCD_INITIAL_CLUSTER=".length()).replace("\"", "");
            }
        }
        throw new SimulatorFailure("etcdctl member add printed no ETCD_INITIAL_CLUSTER: " + output);
    }

    String remove(String endpoint, String id) {
        return run(endpoint, "member", "remove", id).checked().stdout();
    }

    boolean healthy(String endpoint) {
        return run(endpoint, "endpoint", "health").exitCode() == 0;
    }

    private Result run(String endpoint, String... command) {
        List<String> argv = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint,
                "--cacert=" + env.host(EtcdCertificates.CA),
                "--cert=" + env.host(EtcdCertificates.HEALTHCHECK_CLIENT + ".crt"),
                "--key=" + env.host(EtcdCertificates.HEALTHCHECK_CLIENT + ".key"),
                "--dial-timeout=2s", "--command-timeout=5s"));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        builder.environment().put("ETCDCTL_API", "3");
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("etcdctl-out", ".txt");
            stderr = Files.createTempFile("etcdctl-err", ".txt");
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(argv, -1, "", "did not finish within 15 s");
            }
            return new Result(argv, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SimulatorFailure("cannot run " + String.join(" ", argv) + " (Debian's etcd-client): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted while running " + String.join(" ", argv));
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** etcd prints member IDs as unsigned 64-bit decimals; its commands take them in hex. */
    private static String hexId(JsonNode id) {
        return new BigInteger(id.asText()).toString(16);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode json(String text) {
        try {
            return ClusterStore.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("etcdctl printed no JSON: " + text, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is not the caller's failure
        }
    }
}
