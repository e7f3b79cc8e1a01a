package io.kubenode.controller.realcheck;

import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The haproxy and keepalived configurations kubenodectl renders, checked by the real programs (haproxy 2.6 and
 * keepalived 2.2.7 from Debian). keepalived runs in private network, mount and PID namespaces: the interface the
 * config names exists there, /etc/keepalived is the rendered directory, and nothing on the host changes.
 */
class LoadBalancerConfigCheckTest {
    /**
     * keepalived -t checks the interface exists (made here as a veth pair: this kernel may lack "dummy"), and
     * must be PID 1 of its namespace: 2.2.7 otherwise SIGTERMs itself after checking a vrrp_script (exit 143).
     */
    private static final String KEEPALIVED_IN_NAMESPACES = "mount --make-rprivate / && mount --bind \"$1\" "
            + "/etc/keepalived && { ip link add \"$2\" type dummy 2>/dev/null || ip link add \"$2\" type veth peer "
            + "name kn-peer; } || exit 99; exec keepalived -t -f /etc/keepalived/keepalived.conf";

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"node1.internal", "node2.internal", "node3.internal"})
    void renderedHaproxyConfigPassesHaproxyCheckWithoutWarnings(String node) throws Exception {
        Path cfg = render(node).resolve("etc/haproxy/haproxy.cfg");

        ExternalCommand.Result check = haproxyCheck(cfg);

        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.stderr()).as(check.describe()).isEmpty();
        assertThat(check.stdout()).contains("Configuration file is valid");
    }

    @Test
    void haproxyCheckRejectsABrokenConfig() throws Exception {
        Path cfg = render("node1.internal").resolve("etc/haproxy/haproxy.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("balance roundrobin", "balance bogus"));

        ExternalCommand.Result check = haproxyCheck(cfg);

        assertThat(check.exitCode()).as(check.describe()).isNotZero();
        assertThat(check.stderr()).contains("balance");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node1.internal", "node2.internal", "node3.internal"})
    void renderedKeepalivedConfigPassesKeepalivedCheck(String node) throws Exception {
        Path dir = render(node).resolve("etc/keepalived");

        ExternalCommand.Result check = keepalivedCheck(dir, "eth1");

        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.stderr()).as(check.describe()).isEmpty();
        Path script = dir.resolve("check_apiserver.sh");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void keepalivedCheckRejectsAnOutOfRangeRouterId() throws Exception {
        Path dir = render("node1.internal").resolve("etc/keepalived");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, Files.readString(conf).replace("virtual_router_id 5", "virtual_router_id 300"));

        ExternalCommand.Result check = keepalivedCheck(dir, "eth1");

        assertThat(check.exitCode()).as(check.describe()).isNotZero();
        assertThat(check.stderr()).contains("300");
    }

    @Test
    void keepalivedCheckRejectsAConfigWhoseInterfaceIsMissing() throws Exception {
        Path dir = render("node1.internal").resolve("etc/keepalived");

        ExternalCommand.Result check = keepalivedCheck(dir, "eth7");

        assertThat(check.exitCode()).as(check.describe()).isNotZero();
        assertThat(check.stderr()).contains("eth1");
    }

    @Test
    void anIpv6ClusterRendersConfigsBothProgramsAccept() throws Exception {
        Path document = Files.writeString(out.resolve("ipv6.yaml"),
                SeedCluster.exampleText().replaceAll("192\\.168\\.0\\.6(\\d)", "fd00::6$1"));
        Path dir = render(document, "node2.internal");

        ExternalCommand.Result haproxy = haproxyCheck(dir.resolve("etc/haproxy/haproxy.cfg"));
        ExternalCommand.Result keepalived = keepalivedCheck(dir.resolve("etc/keepalived"), "eth1");

        assertThat(haproxy.exitCode()).as(haproxy.describe()).isZero();
        assertThat(haproxy.stderr()).as(haproxy.describe()).isEmpty();
        assertThat(Files.readString(dir.resolve("etc/haproxy/haproxy.cfg")))
                .contains("server node1.internal [fd00::61]:6443", "bind :::8888 v4v6");
        assertThat(keepalived.exitCode()).as(keepalived.describe()).isZero();
        assertThat(keepalived.stderr()).as(keepalived.describe()).isEmpty();
    }

    private Path render(String node) {
        return render(SeedCluster.exampleFile(), node);
    }

    private Path render(Path document, String node) {
        Path dir = out.resolve(node);
        KubenodectlRunner.Run run = KubenodectlRunner.run("render", "-f", document.toString(),
                "--node", node, "--out", dir.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return dir;
    }

    private static ExternalCommand.Result haproxyCheck(Path cfg) throws IOException, InterruptedException {
        // -dW: warnings count as errors, so a config that only warns fails here too.
        return ExternalCommand.run(List.of(ExternalCommand.require("haproxy"), "-dW", "-c", "-f", cfg.toString()));
    }

    private static ExternalCommand.Result keepalivedCheck(Path dir, String interfaceName)
            throws IOException, InterruptedException {
        ExternalCommand.require("keepalived");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ExternalCommand.run(List.of(ExternalCommand.require("unshare"), "--net", "--mount", "--pid", "--fork",
                "sh", "-c", KEEPALIVED_IN_NAMESPACES, "sh", dir.toString(), interfaceName));
    }
}
