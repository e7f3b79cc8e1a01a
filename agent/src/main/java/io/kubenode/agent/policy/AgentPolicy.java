package io.kubenode.agent.policy;

import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.ResourceFields;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.validation.Problem;

import java.util.List;
import java.util.Optional;

/**
 * What a catalog may make this agent do, checked for each resource before anything of it runs: every string that
 * reaches an argv, a path or /proc/sys has the shape the controller's validator demands ({@link ResourceFields}), the
 * paths it writes are allowed ({@link PathPolicy}), a file's {@code validate} argv is one of
 * {@code validateCommands} exactly, and a sysctl key is under one of {@code sysctlPrefixes}.
 *
 * <p>A guard against mistakes and a limit on what a catalog may touch, not a sandbox: a controller that can make a
 * node a Kubernetes node (unit files, packages, kubeadm) is root on that node.
 */
public record AgentPolicy(PathPolicy paths, List<List<String>> validateCommands, List<String> sysctlPrefixes) {
    /** How every refusal starts, so status can tell a refused resource from one that failed on the host. */
    public static final String REFUSED = "refused by the ";

    public AgentPolicy {
        validateCommands = validateCommands.stream().map(List::copyOf).toList();
        sysctlPrefixes = List.copyOf(sysctlPrefixes);
    }

    /** Default paths, validators and sysctl prefixes, protecting the default config file and state dir. */
    public static AgentPolicy defaults() {
        return withPaths(PathPolicy.defaults());
    }

    public static AgentPolicy withPaths(PathPolicy paths) {
        return new AgentPolicy(paths, AgentPolicyDefaults.VALIDATE_COMMANDS, AgentPolicyDefaults.SYSCTL_PREFIXES);
    }

    /** Why this resource may not be applied (nor observed), or empty when it may. */
    public Optional<String> refusal(ResourceSpec spec, List<String> writes) {
        for (String path : writes) {
            Optional<String> refusal = paths.refusal(path);
            if (refusal.isPresent()) {
                return Optional.of(REFUSED + "path policy: " + refusal.get());
            }
        }
        List<Problem> invalid = ResourceFields.check(spec);
        if (!invalid.isEmpty()) {
            return Optional.of(REFUSED + "field checks: " + String.join("; ",
                    invalid.stream().map(Problem::render).toList()));
        }
        if (spec instanceof FileSpec file && !file.validate().isEmpty()
                && !validateCommands.contains(file.validate())) {
            return Optional.of(REFUSED + "command policy: spec.validate " + file.validate()
                    + " is not one of the validateCommands " + validateCommands);
        }
        if (spec instanceof SysctlSpec sysctl && !AgentPolicyDefaults.sysctlAllowed(sysctl.key(), sysctlPrefixes)) {
            return Optional.of(REFUSED + "sysctl policy: spec.key " + sysctl.key()
                    + " is not under the sysctlPrefixes " + sysctlPrefixes);
        }
        return Optional.empty();
    }
}
