package io.kubenode.agent.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's only way to the machine: files under a root ("/" in production, a directory in tests and sandbox
 * mode) and commands as argv lists with a timeout. Host paths are absolute ("/etc/hosts") and never leave the root.
 */
public interface Host {

    /**
     * The path hostPath really names: every symbolic link followed (absolute targets from the root). Reads and
     * writes go to this path, so the path policy checks it as well as the path as written.
     */
    String realPath(String hostPath) throws HostException;

    /**
     * The most {@link #read(String)} takes into memory: 64 MiB, far above any file the agent manages or keeps
     * (larger files are streamed with {@link #openRead}).
     */
    long READ_MAX_BYTES = 64L * 1024 * 1024;

    /** Reads a file; empty when it does not exist; fails, without reading on, when larger than 64 MiB. */
    Optional<byte[]> read(String hostPath) throws HostException;

    /** Reads a file; empty when it does not exist; fails, without reading on, when larger than maxBytes. */
    Optional<byte[]> read(String hostPath, long maxBytes) throws HostException;

    /** Mode, owner and group of a file or directory; empty when it does not exist. */
    Optional<FileStat> stat(String hostPath) throws HostException;

    /** Names in a directory, sorted; empty when the directory does not exist. */
    List<String> list(String hostPath) throws HostException;

    /**
     * Replaces a file atomically: a temporary file in the same directory, fsync, rename over the target, fsync
     * of the directory. Readers see the old content or the new one, never a mix. Parent directories are created.
     * A symbolic link is written through (its target replaced, the link kept); attributes the request leaves unset
     * are kept from an existing regular file, else mode 0644 and the agent's own user and group.
     */
    void writeAtomically(String hostPath, byte[] content, FileAttributes attributes) throws HostException;

    /** Writes into an existing file in place (kernel interfaces such as /proc/sys, which cannot be renamed over). */
    void writeInPlace(String hostPath, byte[] content) throws HostException;

    /** Sets mode, owner and group of an existing file. */
    void setAttributes(String hostPath, FileAttributes attributes) throws HostException;

    void createDirectories(String hostPath) throws HostException;

    /** Deletes a file, an empty directory or a symbolic link (the link itself, not its target). */
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

    /**
     * Takes an exclusive lock on a file (created if missing). The kernel releases it when the holder closes it or
     * dies, so a crashed run never leaves a stale lock. Empty when another process holds it.
     */
    Optional<HostLock> tryLock(String hostPath) throws HostException;

    /** Watches files (inotify) so the daemon can react at once to a change made behind its back. */
    HostWatch watch(List<String> hostPaths) throws HostException;

    /**
     * The path a command run by this host sees for a host path: the same path on the real machine, the path under
     * the root when the root is a directory (a validator given a temporary file must find it).
     */
    default String commandPath(String hostPath) throws HostException {
        return hostPath;
    }

    /** Opens a file for streaming (archives too large to hold in memory); fails when it does not exist. */
    java.io.InputStream openRead(String hostPath) throws HostException;

    /** {@link #writeAtomically(String, byte[], FileAttributes)} from a stream: same guarantees, bounded memory. */
    void writeAtomically(String hostPath, java.io.InputStream content, FileAttributes attributes)
            throws HostException;

    /** Creates or replaces a symbolic link at hostPath pointing to target (stored as given, not resolved). */
    void createSymlink(String hostPath, String target) throws HostException;

    /**
     * Downloads an https URL to cacheHostPath (retrying with backoff; a partial download is kept at cacheHostPath
     * + ".part" and resumed with a Range request). A download larger than maxBytes fails as soon as that shows
     * (announced or while streaming) and its partial file is removed. The bytes
     * are NOT verified here: the caller checks them against expectedSha256 before using them. expectedSha256 (null
     * for an artifact marked insecureSkipVerify) names what is wanted, for sandbox stand-ins and messages.
     */
    Download download(String url, String expectedSha256, String cacheHostPath, long maxBytes) throws HostException;

    /** Whether a gRPC (HTTP/2) server answers on a unix socket: it must return SETTINGS to the client preface. */
    ProbeResult probeUnixSocketHttp2(String socketHostPath, Duration timeout) throws HostException;

    /**
     * Whether an https URL answers 200, trusting only the CA certificates in caFileHostPath (PEM; the JDK trust
     * store when null). A missing CA file, a refused connection or an untrusted certificate is unhealthy.
     */
    ProbeResult probeHttps(String url, String caFileHostPath, Duration timeout) throws HostException;

    /**
     * Whether the haproxy serving the stats socket socketHostPath sees {@code backend/server} up with its last health
     * check passed. No socket, no answer or another state is unhealthy.
     */
    ProbeResult probeHaproxyServer(String socketHostPath, String backend, String server, Duration timeout)
            throws HostException;

    /**
     * One call to etcd's JSON gRPC gateway: POST {@code endpoint + path} ({@code /v3/cluster/member/list}) with
     * jsonBody, over mutual TLS with the client certificate and key in certFile and keyFile (PEM host files; PKCS#8,
     * PKCS#1 RSA or SEC1 EC keys, as kubeadm writes them), trusting only the CA certificates in caFile and checking the
     * server certificate against the endpoint's host. Connection refused, no route or no answer within timeout is an
     * answer that says so; a missing or unreadable file, a TLS failure or another I/O error is a HostException.
     */
    EtcdGatewayAnswer etcdGateway(String endpoint, String path, String jsonBody, String caFile, String certFile,
                                  String keyFile, Duration timeout) throws HostException;

    /**
     * Whether a plain http URL (a kubelet's local health endpoint) answers 200 within timeout. A refused connection,
     * an unknown host or another status is unhealthy.
     */
    ProbeResult probeHttp(String url, Duration timeout) throws HostException;

    /** True when commands are simulated under the root rather than run (sandbox mode). */
    boolean sandbox();

    /**
     * Whether a file's {@code validate} command is run here: always on a real machine; in sandbox mode only when a
     * simulator stands in for its program.
     */
    default boolean runsValidator(List<String> argv) {
        return !sandbox();
    }
}
