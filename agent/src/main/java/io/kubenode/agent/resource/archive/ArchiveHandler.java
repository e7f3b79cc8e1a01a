package io.kubenode.agent.resource.archive;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.ArchiveSpec;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A downloaded artifact, verified by sha256 before anything reaches its destination: a tar.gz extracted into a
 * directory, or a single file placed with a mode. Installed means: the {@code creates} path exists and the install
 * marker under the state dir records the catalog's sha256 (or, for an unverified artifact, its URL).
 * In sandbox mode nothing is downloaded: a stand-in that says what it stands for is placed at {@code creates}.
 */
public final class ArchiveHandler implements ResourceHandler<ArchiveSpec, ArchiveActual> {
    private final ArtifactCache cache;
    private final InstallMarker marker;

    public ArchiveHandler(HandlerContext context) {
        this.cache = new ArtifactCache(context.stateDir());
        this.marker = new InstallMarker(context.stateDir());
    }

    @Override
    public Class<ArchiveSpec> specType() {
        return ArchiveSpec.class;
    }

    @Override
    public List<String> writes(ArchiveSpec spec) {
        List<String> paths = new ArrayList<>();
        paths.add(spec.destination());
        if (spec.creates() != null && !spec.creates().equals(spec.destination())) {
            paths.add(spec.creates());
        }
        return paths;
    }

    @Override
    public ArchiveActual observe(ArchiveSpec spec, Host host) throws HostException {
        checkSpec(spec);
        boolean createsExists = host.stat(createsPath(spec)).isPresent();
        Optional<String[]> installed = marker.read(host, spec.name());
        String fileMode = null;
        if (isFile(spec)) {
            fileMode = host.stat(spec.destination()).map(FileStat::mode).orElse(null);
        }
        return new ArchiveActual(createsExists, installed.map(fields -> fields[0]).orElse(null),
                installed.map(fields -> fields[1]).orElse(null), fileMode);
    }

    @Override
    public List<Change> diff(ArchiveSpec spec, ArchiveActual actual) {
        return ArchiveDiff.of(spec, actual, createsPath(spec));
    }

    @Override
    public void apply(ArchiveSpec spec, ArchiveActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        if (changes.stream().allMatch(ArchiveDiff::isModeOnly)) {
            host.setAttributes(spec.destination(), FileAttributes.mode(spec.mode()));
            return;
        }
        if (host.sandbox()) {
            placeStandIn(spec, host);
            return;
        }
        ArtifactCache.Cached artifact = cache.verifiedCopy(spec, host);
        if (isFile(spec)) {
            try (InputStream bytes = host.openRead(artifact.path())) {
                host.writeAtomically(spec.destination(), bytes, FileAttributes.mode(spec.mode()));
            } catch (IOException e) {
                throw new HostException("cannot read " + artifact.path() + ": " + e.getMessage(), e);
            }
        } else {
            new TarExtractor(host, artifact.path()).extractInto(spec.destination());
        }
        if (host.stat(createsPath(spec)).isEmpty()) {
            throw new HostException(spec.url() + " was installed into " + spec.destination() + " but "
                    + createsPath(spec) + " (creates) is not there: wrong archive or wrong creates path");
        }
        marker.write(host, spec.name(), artifact.sha256(), spec.url());
    }

    /** Sandbox: the stand-in goes where the artifact's main file would be, and the marker says it is installed. */
    private void placeStandIn(ArchiveSpec spec, Host host) throws HostException {
        String cachePath = cache.path(spec);
        host.download(spec.url(), Sha256.normalized(spec.sha256()), cachePath, spec.maxBytes());
        try (InputStream standIn = host.openRead(cachePath)) {
            host.writeAtomically(standInPath(spec), standIn,
                    FileAttributes.mode(isFile(spec) ? spec.mode() : "0644"));
        } catch (IOException e) {
            throw new HostException("cannot read " + cachePath + ": " + e.getMessage(), e);
        }
        String sha256 = spec.sha256() != null ? Sha256.normalized(spec.sha256())
                : ArtifactCache.hash(host, cachePath);
        marker.write(host, spec.name(), sha256, spec.url());
    }

    /** Where a sandbox stand-in goes: the file itself, the archive's {@code creates}, else inside its directory. */
    private static String standInPath(ArchiveSpec spec) {
        if (isFile(spec) || spec.creates() != null) {
            return createsPath(spec);
        }
        return spec.destination() + "/.kubenode-sandbox-stand-in-" + spec.name();
    }

    /** What proves installation: {@code creates}, or the destination itself (a file, or an archive's directory). */
    static String createsPath(ArchiveSpec spec) {
        return spec.creates() != null ? spec.creates() : spec.destination();
    }

    private static boolean isFile(ArchiveSpec spec) {
        return ArchiveSpec.FILE.equals(spec.format());
    }

    private static void checkSpec(ArchiveSpec spec) throws HostException {
        if (!ArchiveSpec.FILE.equals(spec.format()) && !ArchiveSpec.TAR_GZ.equals(spec.format())) {
            throw new HostException("unknown archive format '" + spec.format() + "' (tar.gz or file)");
        }
        if (spec.name() == null || !spec.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new HostException("archive name must be letters, digits, '.', '_' or '-': " + spec.name());
        }
        if (spec.url() == null || spec.destination() == null) {
            throw new HostException("archive " + spec.name() + " needs url and destination");
        }
        if (spec.sha256() != null && !Sha256.normalized(spec.sha256()).matches("[0-9a-f]{64}")) {
            throw new HostException("archive " + spec.name() + ": sha256 is not 64 hex digits: " + spec.sha256());
        }
    }
}
