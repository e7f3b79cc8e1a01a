package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.Swap;
import io.kubenode.common.document.ClusterDocuments;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.ValidationAssertions.assertExactly;
import static org.assertj.core.api.Assertions.assertThat;

class HostRulesTest {
    private static final String HOST = "spec.host";
    private static final String FORWARD = "net.ipv4.ip_forward";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("swap on is an error", doc -> doc.set(HOST + ".swap", "on"),
                        error(HOST + ".swap", "must be off: the kubelet refuses to start with swap on by default")),
                RuleCase.of("swap true is an error", doc -> doc.set(HOST + ".swap", true),
                        error(HOST + ".swap", "must be off")),
                RuleCase.of("swap false is accepted", doc -> doc.set(HOST + ".swap", false)),
                RuleCase.of("swap left out is not managed", doc -> doc.remove(HOST + ".swap")),
                RuleCase.of("misspelt selinux mode is an error", doc -> doc.set(HOST + ".selinux", "permisive"),
                        error(HOST + ".selinux", "expected enforcing, permissive or disabled, got 'permisive'")),
                RuleCase.of("capitalised selinux mode is an error", doc -> doc.set(HOST + ".selinux", "Enforcing"),
                        error(HOST + ".selinux", "got 'Enforcing'")),
                RuleCase.of("selinux disabled is accepted", doc -> doc.set(HOST + ".selinux", "disabled")),
                RuleCase.of("kernel module with a space is an error",
                        doc -> doc.set(HOST + ".kernelModules[1]", "br netfilter"),
                        error(HOST + ".kernelModules[1]", "expected a kernel module name (letters, digits, '_', '-', "
                                + "not starting with '-'), got 'br netfilter'")),
                RuleCase.of("kernel module starting with '-' is an error: modprobe would take it for an option",
                        doc -> doc.set(HOST + ".kernelModules[0]", "-r"),
                        error(HOST + ".kernelModules[0]", "not starting with '-'), got '-r'")),
                RuleCase.of("kernel module with ';' is an error",
                        doc -> doc.set(HOST + ".kernelModules[0]", "overlay;reboot"),
                        error(HOST + ".kernelModules[0]", "got 'overlay;reboot'")),
                RuleCase.of("empty kernel module is an error", doc -> doc.set(HOST + ".kernelModules[0]", ""),
                        error(HOST + ".kernelModules[0]", "expected a kernel module name")),
                RuleCase.of("sysctl key with a shell metacharacter is an error",
                        doc -> doc.set(HOST + ".sysctl['net.ipv4.ip_forward$(reboot)']", "1"),
                        error(HOST + ".sysctl.net.ipv4.ip_forward$(reboot)", "'net.ipv4.ip_forward$(reboot)' is not "
                                + "a sysctl key (dotted lowercase words like net.ipv4.ip_forward)")),
                RuleCase.of("sysctl key with ';' is an error",
                        doc -> doc.set(HOST + ".sysctl['kernel.panic;reboot']", "1"),
                        error(HOST + ".sysctl.kernel.panic;reboot", "is not a sysctl key")),
                RuleCase.of("sysctl key with '..' is an error",
                        doc -> doc.set(HOST + ".sysctl['net..ipv4.ip_forward']", "1"),
                        error(HOST + ".sysctl.net..ipv4.ip_forward", "is not a sysctl key")),
                RuleCase.of("sysctl key climbing out of /proc/sys is an error",
                        doc -> doc.set(HOST + ".sysctl['net.ipv4/../../../etc/shadow']", "1"),
                        error(HOST + ".sysctl.net.ipv4/../../../etc/shadow", "is not a sysctl key")),
                RuleCase.of("sysctl key with an interface name holding '/' is accepted",
                        doc -> doc.set(HOST + ".sysctl['net.ipv4.conf.eth0/100.rp_filter']", "1")),
                RuleCase.of("sysctl value with a newline is an error",
                        doc -> doc.set(HOST + ".sysctl['" + FORWARD + "']", "1\nkernel.panic=1"),
                        error(HOST + ".sysctl." + FORWARD, "expected a value of letters, digits, spaces and "
                                + ". _ : , / -, got '1\nkernel.panic=1'")),
                RuleCase.of("sysctl value with ';' is an error",
                        doc -> doc.set(HOST + ".sysctl['" + FORWARD + "']", "1;reboot"),
                        error(HOST + ".sysctl." + FORWARD, "got '1;reboot'")),
                RuleCase.of("empty sysctl value is an error", doc -> doc.set(HOST + ".sysctl['" + FORWARD + "']", ""),
                        error(HOST + ".sysctl." + FORWARD, "expected a value of")),
                RuleCase.of("null sysctl value is an error", doc -> doc.set(HOST + ".sysctl['" + FORWARD + "']", null),
                        error(HOST + ".sysctl." + FORWARD, "got 'null'")),
                RuleCase.of("sysctl key outside the agents' default prefixes is a warning",
                        doc -> doc.set(HOST + ".sysctl['kernel.core_pattern']", "core"),
                        Expected.warning(HOST + ".sysctl.kernel.core_pattern", "is outside the agents' default "
                                + "sysctlPrefixes")),
                RuleCase.of("kubelet's protected kernel keys and inotify limits are accepted",
                        doc -> doc.set(HOST + ".sysctl['kernel.panic']", "10")
                                .set(HOST + ".sysctl['fs.inotify.max_user_watches']", "524288")),
                RuleCase.of("sysctl value with spaces is accepted",
                        doc -> doc.set(HOST + ".sysctl['net.ipv4.tcp_rmem']", "4096 87380 6291456")),
                RuleCase.of("package name starting with '-' is an error",
                        doc -> doc.set(HOST + ".packages[0]", "--nogpgcheck"),
                        error(HOST + ".packages[0]", "expected a package name (letters, digits, '.', '_', '+', '-', "
                                + "starting with a letter or digit), got '--nogpgcheck'")),
                RuleCase.of("package name with a space is an error",
                        doc -> doc.set(HOST + ".packages[2]", "vim enhanced"),
                        error(HOST + ".packages[2]", "got 'vim enhanced'")),
                RuleCase.of("null package name is an error", doc -> doc.set(HOST + ".packages[1]", null),
                        error(HOST + ".packages[1]", "got 'null'")),
                RuleCase.of("package names with '+' and '.' are accepted",
                        doc -> doc.append(HOST + ".packages", "gcc-c++").append(HOST + ".packages", "python3.11")),
                RuleCase.of("node package starting with '-' is an error",
                        doc -> doc.set("spec.nodes[0].packages[0]", "-oAPT::Get::AllowUnauthenticated=1"),
                        error("spec.nodes[0].packages[0]", "expected a package name")),
                RuleCase.of("node kernel module with a space is an error",
                        doc -> doc.set("spec.nodes[1].kernelModules", List.of("ip_vs", "ip vs_rr")),
                        error("spec.nodes[1].kernelModules[1]", "got 'ip vs_rr'")),
                RuleCase.of("node sysctl key with '..' is an error",
                        doc -> doc.set("spec.nodes[2].sysctl", Map.of("vm..max_map_count", "262144")),
                        error("spec.nodes[2].sysctl.vm..max_map_count", "is not a sysctl key")),
                RuleCase.of("node sysctl value with ';' is an error",
                        doc -> doc.set("spec.nodes[2].sysctl", Map.of("vm.max_map_count", "262144;reboot")),
                        error("spec.nodes[2].sysctl.vm.max_map_count", "got '262144;reboot'")),
                RuleCase.of("valid node additions are accepted",
                        doc -> doc.set("spec.nodes[3].kernelModules", List.of("ip_vs"))
                                .set("spec.nodes[3].sysctl", Map.of("vm.max_map_count", "262144"))
                                .set("spec.nodes[3].packages", List.of("nfs-utils"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachHostProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void bareWordSwapOffIsAccepted() {
        String text = ClusterDocuments.exampleText();
        assertThat(text).contains("\n    swap: off\n");

        ReadResult<Cluster> read = DocumentReader.read(text.getBytes(StandardCharsets.UTF_8), Cluster.class);

        assertThat(read).isInstanceOf(ReadResult.Read.class);
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        assertThat(cluster.spec().host().swap()).isEqualTo(Swap.OFF);
        assertExactly(ClusterValidator.validate(cluster), List.of());
    }
}
