package io.kubenode.agent.config;

import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.validation.Patterns;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shapes of agent.yaml's {@code validateCommands} and {@code sysctlPrefixes}. */
final class PolicyProblems {
    /** A whole subtree ("net.") or one key ("kernel.panic"). */
    private static final Pattern SYSCTL_PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[A-Za-z0-9_][A-Za-z0-9_/-]*)*\\.?");

    private PolicyProblems() {
    }

    static List<Problem> of(AgentConfig config) {
        List<Problem> problems = new ArrayList<>();
        List<List<String>> commands = config.validateCommands();
        if (commands != null) {
            for (int i = 0; i < commands.size(); i++) {
                List<String> argv = commands.get(i);
                String path = "validateCommands[" + i + "]";
                if (argv == null || argv.isEmpty() || !Patterns.isHostPath(argv.get(0))) {
                    problems.add(Problem.error(path, "expected an argv whose first element is the program's "
                            + "absolute path, got " + argv));
                } else if (argv.stream().noneMatch(arg -> arg != null
                        && arg.contains(AgentPolicyDefaults.CONTENT_PLACEHOLDER))) {
                    problems.add(Problem.error(path, "expected " + AgentPolicyDefaults.CONTENT_PLACEHOLDER
                            + " standing for the new content in one argument, got " + argv));
                }
            }
        }
        List<String> prefixes = config.sysctlPrefixes();
        if (prefixes != null) {
            for (int i = 0; i < prefixes.size(); i++) {
                String prefix = prefixes.get(i);
                if (prefix == null || !SYSCTL_PREFIX.matcher(prefix).matches()) {
                    problems.add(Problem.error("sysctlPrefixes[" + i + "]", "expected a sysctl key or a subtree "
                            + "ending in '.' (net.), got '" + prefix + "'"));
                }
            }
        }
        return problems;
    }
}
