package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * What a person does to a fresh test host before kubenode manages it, as on a site with firewalld and its own
 * package mirror: Debian's firewalld installed and running (from downloaded .debs: the image has no apt source),
 * the mirror's CA in the system trust (apt's, and through ca-certificates-java the JDK's that the agent's downloads
 * use), the agent's .deb installed with its systemd unit, a shorter pass interval in /etc/kubenode/agent.yaml;
 * then enrolled by the controller's CA pin with a token for the node, and started by the host's systemd.
 */
final class ManagedHost {
    static final String AGENT_YAML = "/etc/kubenode/agent.yaml";
    private static final String TRUSTED_CA = "/usr/local/share/ca-certificates/kubenode-test-ca.crt";

    private ManagedHost() {
    }

    /** Everything before the enrollment; {@code agentInterval} is the agent's intervalSeconds. */
    static void prepare(NspawnHost host, List<Path> firewalldDebs, Path agentDeb, Path mirrorCa, int agentInterval)
            throws IOException, InterruptedException {
        PackageInstall.leaveOutDocumentation(host);
        PackageInstall.installDebs(host, firewalldDebs);
        await(host.machine() + ": firewalld running").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> host.run("firewall-cmd", "--state").exitCode() == 0);
        host.copyIn(mirrorCa, TRUSTED_CA);
        host.check("update-ca-certificates");
        PackageInstall.installDebs(host, List.of(agentDeb));
        // agent.yaml is the package's conffile: edited after the install, as a person edits it.
        host.check("sh", "-c", "printf 'intervalSeconds: %d\\n' " + agentInterval + " >> " + AGENT_YAML);
    }

    /**
     * {@code kubenode-agent enroll} by the CA pin as the host's name, with the token in a file (not on a command
     * line every local user sees), then {@code systemctl enable --now kubenode-agent}.
     */
    static void enrollAndStart(NspawnHost host, String controllerUrl, String pin, String token)
            throws IOException, InterruptedException {
        Path tokenFile = Files.createTempFile("kubenode-token", "");
        try {
            Files.writeString(tokenFile, token);
            host.copyIn(tokenFile, "/root/bootstrap-token");
        } finally {
            Files.deleteIfExists(tokenFile);
        }
        host.check("kubenode-agent", "enroll", "--controller", controllerUrl, "--ca-hash", pin, "--token-file",
                "/root/bootstrap-token", "--node-name", host.hostname());
        host.check("rm", "-f", "/root/bootstrap-token");
        host.check("systemctl", "enable", "--now", "kubenode-agent");
    }
}
