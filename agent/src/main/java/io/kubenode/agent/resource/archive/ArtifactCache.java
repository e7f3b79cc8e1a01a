package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.Download;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.ArchiveSpec;

import java.io.IOException;
import java.io.InputStream;

/**
 * Downloads kept under the state dir, named by their sha256 ({@code <stateDir>/cache/<sha256>}). A cached file is
 * used only after its bytes hash to the pinned sha256, so a cache hit costs no network and a corrupt or tampered
 * file is thrown away, never installed. An artifact without sha256 (insecureSkipVerify) is fetched afresh each
 * time it is installed: there is nothing to check a cached copy against.
 */
final class ArtifactCache {
    private final String stateDir;

    ArtifactCache(String stateDir) {
        this.stateDir = stateDir;
    }

    /** Where the artifact's bytes live; the download resumes from {@code <path>.part}. */
    String path(ArchiveSpec spec) {
        String sha256 = Sha256.normalized(spec.sha256());
        return stateDir + "/cache/" + (sha256 != null ? sha256 : "unverified-" + Sha256.of(spec.url()));
    }

    /** A cached copy whose sha256 matches the spec, downloaded first if needed; fails on a mismatch. */
    Cached verifiedCopy(ArchiveSpec spec, Host host) throws HostException {
        String path = path(spec);
        String expected = Sha256.normalized(spec.sha256());
        if (expected == null) {
            host.delete(path);
            host.delete(path + ".part");
            download(spec, null, path, host);
            return new Cached(path, hash(host, path), false);
        }
        if (host.stat(path).isPresent()) {
            if (expected.equals(hash(host, path))) {
                return new Cached(path, expected, true);
            }
            host.delete(path);
        }
        download(spec, expected, path, host);
        String actual = hash(host, path);
        if (!expected.equals(actual)) {
            host.delete(path);
            throw new HostException("sha256 mismatch for " + spec.url() + ": expected " + expected + ", got "
                    + actual + "; nothing installed");
        }
        return new Cached(path, actual, false);
    }

    /** Downloads within the spec's size (declared, else the default ceiling); a declared size must match. */
    private static void download(ArchiveSpec spec, String expected, String path, Host host) throws HostException {
        Download download = host.download(spec.url(), expected, path, spec.maxBytes());
        if (spec.size() != null && download.bytes() != spec.size() && !host.sandbox()) {
            host.delete(path);
            throw new HostException("size mismatch for " + spec.url() + ": expected " + spec.size() + " bytes, got "
                    + download.bytes() + "; nothing installed");
        }
    }

    static String hash(Host host, String path) throws HostException {
        try (InputStream in = host.openRead(path)) {
            return Sha256.of(in);
        } catch (IOException e) {
            throw new HostException("cannot hash " + path + ": " + e.getMessage(), e);
        }
    }

    /** Verified bytes at {@code path}; {@code reused} when no download was needed. */
    record Cached(String path, String sha256, boolean reused) {
    }
}
