package io.kubenode.controller.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code etcdctl member list} run on this host (Debian's real etcdctl, an independent client) against a control
 * plane's etcd, with the etcd CA and kubeadm's healthcheck-client certificate copied from that host: who is a member,
 * and whether each started (a member added but never started has no name and no client URLs).
 */
final class EtcdMembers {
    private static final String PKI = "/etc/kubernetes/pki/etcd/";

    record Member(String name, List<String> peerUrls, List<String> clientUrls) {
    }

    private EtcdMembers() {
    }

    static List<Member> list(NspawnHost host, Path scratch) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(scratch.resolve("etcdctl-" + host.machine()));
        Path ca = dir.resolve("ca.crt");
        Path certificate = dir.resolve("healthcheck-client.crt");
        Path key = dir.resolve("healthcheck-client.key");
        Files.writeString(ca, host.check("cat", PKI + "ca.crt"));
        Files.writeString(certificate, host.check("cat", PKI + "healthcheck-client.crt"));
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, host.check("cat", PKI + "healthcheck-client.key"));
        try {
            ExternalCommand.Result result = ExternalCommand.run(List.of("etcdctl", "--endpoints=https://"
                    + host.address() + ":2379", "--cacert=" + ca, "--cert=" + certificate, "--key=" + key,
                    "--dial-timeout=5s", "--command-timeout=10s", "member", "list", "-w", "json"),
                    Duration.ofSeconds(30), Map.of("ETCDCTL_API", "3"));
            if (result.exitCode() != 0) {
                throw new AssertionError(host.machine() + ": " + result.describe());
            }
            List<Member> members = new ArrayList<>();
            for (JsonNode member : Documents.json().readTree(result.stdout()).path("members")) {
                members.add(new Member(member.path("name").asText(), texts(member.path("peerURLs")),
                        texts(member.path("clientURLs"))));
            }
            return members;
        } finally {
            Files.deleteIfExists(key);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(each -> texts.add(each.asText()));
        return texts;
    }
}
