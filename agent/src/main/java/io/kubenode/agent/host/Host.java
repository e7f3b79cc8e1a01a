package io.kubenode.agent.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's only way to the machine: files under a root ("/" in production, a directory in tests and sandbox
 * mode) and commands as argv lists with a timeout. Host paths are absolute ("/etc/hosts") and never leave the root.
 */
public interface Host {

    /** Reads a file; empty when it does not exist. */
    Optional<byte[]> read(String hostPath) throws HostException;

    /** Mode, owner and group of a file or directory; empty when it does not exist. */
    Optional<FileStat> stat(String hostPath) throws HostException;

    /** Names in a directory, sorted; empty when the directory does not exist. */
    List<String> list(String hostPath) throws HostException;

    /**
     * Replaces a file atomically: a temporary file in the same directory, fsync, rename over the target, fsync
     * of the directory. Readers see the old content or the new one, never a mix. Parent directories are created.
     */
    void writeAtomically(String hostPath, byte[] content, FileAttributes attributes) throws HostException;

    /** Writes into an existing file in place (kernel interfaces such as /proc/sys, which cannot be renamed over). */
    void writeInPlace(String hostPath, byte[] content) throws HostException;

    /** Sets mode, owner and group of an existing file. */
    void setAttributes(String hostPath, FileAttributes attributes) throws HostException;

    void createDirectories(String hostPath) throws HostException;

    void delete(String hostPath) throws HostException;

    /** Runs a command; a non-zero exit is a result, not an exception. */
    CommandResult run(List<String> argv, Duration timeout) throws HostException;

    /** Runs a command and fails with argv, exit code and stderr when it exits non-zero. */
    default CommandResult runChecked(List<String> argv, Duration timeout) throws HostException {
        CommandResult result = run(argv, timeout);
        if (result.exitCode() != 0) {
            throw HostException.commandFailed(result);
        }
        return result;
    }

    /** True when commands are simulated under the root rather than run (sandbox mode). */
    boolean sandbox();
}
