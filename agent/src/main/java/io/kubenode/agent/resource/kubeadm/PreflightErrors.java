package io.kubenode.agent.resource.kubeadm;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.resource.step.CommandOutput;
import io.kubenode.common.catalog.KubeadmSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubeadm's failed preflight checks, one per {@code [ERROR Name]: message} line it printed, so a failure names each
 * check ("preflight checks failed: Swap: running with swap on is not supported; Port-6443: Port 6443 is in use").
 */
final class PreflightErrors {
    private static final Pattern ERROR = Pattern.compile("\\[ERROR ([A-Za-z0-9_.:/-]+)\\]:?\\s*(.*)");
    private static final int MAX_CHECKS = 20;

    private PreflightErrors() {
    }

    static List<String> checks(String output) {
        List<String> checks = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher matcher = ERROR.matcher(line.strip());
            if (matcher.find() && checks.size() < MAX_CHECKS) {
                checks.add(matcher.group(1) + ": " + CommandOutput.redact(matcher.group(2).strip()));
            }
        }
        return checks;
    }

    /** "preflight checks failed: A: why; B: why", or "" when kubeadm reported none. */
    static String summary(CommandResult result) {
        List<String> checks = checks(result.stdout() + "\n" + result.stderr());
        return checks.isEmpty() ? "" : KubeadmSpec.PREFLIGHT_CHECKS_FAILED + String.join("; ", checks);
    }
}
