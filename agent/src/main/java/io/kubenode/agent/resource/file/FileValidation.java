package io.kubenode.agent.resource.file;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.FileSpec;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code validate} hook: the new content goes to a temporary file next to the target, the validator runs with
 * {@code %s} standing for it, and a non-zero exit refuses the change before the target is touched.
 *
 * <p>In sandbox mode the hook is not run unless a simulator stands in for its program ({@link Host#runsValidator}):
 * sandbox mode never runs commands, and the argv comes from the catalog, so running it would let a catalog being
 * tried out execute programs on the machine.
 */
final class FileValidation {
    static final String PLACEHOLDER = "%s";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FileValidation() {
    }

    /** Spec errors found before anything runs: a validator that never sees the new content checks nothing. */
    static void checkSpec(FileSpec spec) throws HostException {
        if (!spec.validate().isEmpty() && spec.validate().stream().noneMatch(arg -> arg.contains(PLACEHOLDER))) {
            throw new HostException("validate command of " + spec.path() + " has no " + PLACEHOLDER
                    + " for the new content: " + String.join(" ", spec.validate()));
        }
    }

    static void check(FileSpec spec, byte[] content, Host host) throws HostException {
        if (spec.validate().isEmpty() || !host.runsValidator(spec.validate())) {
            return;
        }
        String temporary = temporaryPathFor(spec.path());
        HostException failure = null;
        try {
            host.writeAtomically(temporary, content, FileAttributes.mode("0600"));
            String seenByCommand = host.commandPath(temporary);
            List<String> argv = spec.validate().stream().map(arg -> arg.replace(PLACEHOLDER, seenByCommand)).toList();
            CommandResult result = host.run(argv, TIMEOUT);
            if (!result.succeeded()) {
                failure = refusal(spec, result);
                throw failure;
            }
        } catch (HostException e) {
            failure = e;
            throw e;
        } finally {
            deleteTemporary(temporary, host, failure);
        }
    }

    /**
     * Why the validator refused: its argv, exit code and last stderr lines; for a secret file only argv and exit
     * code, as validators quote the lines they reject (haproxy, sshd -t, openssl) and those lines are the secret.
     */
    private static HostException refusal(FileSpec spec, CommandResult result) {
        String prefix = "validation refused the new content of " + spec.path() + " (file left unchanged): ";
        if (spec.isSecret()) {
            return new HostException(prefix + String.join(" ", result.argv()) + " exited " + result.exitCode()
                    + " (output not shown: secret content)");
        }
        HostException command = HostException.commandFailed(result);
        return new HostException(prefix + command.getMessage(), command);
    }

    /** Same directory as the target, so validators resolving relative includes see the same neighbours. */
    static String temporaryPathFor(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".kubenode-validate-"
                + UUID.randomUUID();
    }

    private static void deleteTemporary(String temporary, Host host, HostException failure) throws HostException {
        try {
            host.delete(temporary);
        } catch (HostException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
