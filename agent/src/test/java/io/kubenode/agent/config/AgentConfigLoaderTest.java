package io.kubenode.agent.config;

import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgentConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aFileOfOnlyCommentsOrNothingMeansEveryDefault() throws Exception {
        AgentConfigLoader.Loaded commented = load("# every setting commented out\n#intervalSeconds: 60\n\n"
                + "#writablePaths:\n#- /etc/hosts\n   # indented\n");
        AgentConfigLoader.Loaded empty = load("");

        assertThat(commented.problems()).isEmpty();
        assertThat(commented.config()).isEqualTo(AgentConfig.defaults());
        assertThat(empty.problems()).isEmpty();
        assertThat(empty.config()).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void theControllerFieldsAreRead() throws Exception {
        AgentConfigLoader.Loaded loaded = load("""
                controller:
                  url: https://controller.internal:9443
                  caFile: /etc/kubenode/ca.crt
                nodeName: node1.internal
                """);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().controller())
                .isEqualTo(new AgentConfig.Controller("https://controller.internal:9443", "/etc/kubenode/ca.crt"));
        assertThat(loaded.config().nodeName()).isEqualTo("node1.internal");
    }

    @Test
    void anUnknownFieldUnderControllerIsRefusedWithItsPath() throws Exception {
        List<String> problems = rendered(load("controller: {url: 'https://c:9443', cafile: /etc/ca.crt}\n"));

        assertThat(problems).singleElement().asString()
                .startsWith("controller.cafile: unknown field 'cafile' (expected one of: caFile, url)");
    }

    @Test
    void anUnknownTopLevelFieldIsStillRefused() throws Exception {
        assertThat(rendered(load("controllerUrl: https://c:9443\n"))).singleElement().asString()
                .startsWith("controllerUrl: unknown field 'controllerUrl'");
    }

    @Test
    void aControllerUrlThatIsNotBareHttpsIsRefused() throws Exception {
        assertThat(rendered(load("controller: {url: 'http://c:9443'}\n"))).singleElement().asString()
                .startsWith("controller.url: expected an https:// URL");
        assertThat(rendered(load("controller: {url: 'https://c:9443/api?x=1'}\n"))).singleElement().asString()
                .startsWith("controller.url: expected https://HOST[:PORT] with no path");
        assertThat(rendered(load("controller: {url: 'https://user:pw@c:9443'}\n"))).singleElement().asString()
                .startsWith("controller.url: expected https://HOST[:PORT] with no path, query or user info");
    }

    @Test
    void aRelativeCaFileAndABadNodeNameAreEachReported() throws Exception {
        List<String> problems = rendered(load("""
                controller: {url: 'https://c:9443', caFile: ca.crt}
                nodeName: Node_1
                intervalSeconds: 0
                """));

        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("controller.caFile: expected an absolute"));
        assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("nodeName: expected a DNS-1123 name"));
        assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("intervalSeconds:"));
    }

    @Test
    void aMissingFileMeansNoController() {
        AgentConfigLoader.Loaded loaded = AgentConfigLoader.load(LocalHost.machine(),
                dir.resolve("absent.yaml").toString());

        assertThat(loaded.ok()).isTrue();
        assertThat(loaded.config().controller()).isNull();
        assertThat(loaded.config().nodeName()).isNull();
    }

    @Test
    void validateCommandsAndSysctlPrefixesAreReadIntoThePolicy() throws Exception {
        AgentConfigLoader.Loaded loaded = load("""
                validateCommands:
                - [/usr/sbin/nginx, -t, -c, "%s"]
                sysctlPrefixes: [net., kernel.core_pattern]
                """);

        assertThat(loaded.problems()).isEmpty();
        var policy = loaded.config().policy("/etc/kubenode/agent.yaml", "/var/lib/kubenode-agent");
        assertThat(policy.validateCommands()).containsExactly(List.of("/usr/sbin/nginx", "-t", "-c", "%s"));
        assertThat(policy.sysctlPrefixes()).containsExactly("net.", "kernel.core_pattern");
        assertThat(policy.paths().protectedPaths()).containsExactly("/etc/kubenode/agent.yaml",
                "/var/lib/kubenode-agent");
    }

    @Test
    void unsetPolicyFieldsMeanTheDefaultsAndAControllerCaFileIsProtected() throws Exception {
        var policy = load("controller: {caFile: /etc/pki/controller-ca.crt}\n").config()
                .policy("/srv/agent.yaml", "/srv/state");

        assertThat(policy.validateCommands()).containsExactly(List.of("/usr/sbin/haproxy", "-c", "-f", "%s"));
        assertThat(policy.sysctlPrefixes()).contains("net.", "vm.").doesNotContain("kernel.");
        assertThat(policy.paths().protectedPaths()).containsExactly("/srv/agent.yaml", "/srv/state",
                "/etc/pki/controller-ca.crt");
    }

    @Test
    void aRelativeValidatorOrOneWithoutThePlaceholderAndABadSysctlPrefixAreRefused() throws Exception {
        List<String> problems = rendered(load("""
                validateCommands: [[haproxy, -c, -f, "%s"], [/usr/sbin/haproxy, -c]]
                sysctlPrefixes: ["kernel.core_pattern; x", ""]
                """));

        assertThat(problems).containsExactly(
                "validateCommands[0]: expected an argv whose first element is the program's absolute path, got "
                        + "[haproxy, -c, -f, %s]",
                "validateCommands[1]: expected %s standing for the new content in one argument, got "
                        + "[/usr/sbin/haproxy, -c]",
                "sysctlPrefixes[0]: expected a sysctl key or a subtree ending in '.' (net.), got "
                        + "'kernel.core_pattern; x'",
                "sysctlPrefixes[1]: expected a sysctl key or a subtree ending in '.' (net.), got ''");
    }

    private AgentConfigLoader.Loaded load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), yaml);
        return AgentConfigLoader.load(LocalHost.machine(), file.toString());
    }

    private static List<String> rendered(AgentConfigLoader.Loaded loaded) {
        assertThat(loaded.ok()).isFalse();
        return loaded.problems().stream().map(Problem::render).toList();
    }
}
