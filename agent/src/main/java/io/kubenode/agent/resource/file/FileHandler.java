package io.kubenode.agent.resource.file;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.SecretText;

import java.util.List;
import java.util.Optional;

/**
 * A whole file: content (UTF-8 text), mode, owner and group. A new content replaces the file atomically, after the
 * optional validator accepted it and after the previous content was backed up under the state directory. A secret
 * file is written {@value FileSpec#SECRET_MODE} unless its catalog asks for stricter, and its previous content is
 * not backed up.
 */
public final class FileHandler implements ResourceHandler<FileSpec, FileActual> {
    private final FileBackups backups;

    public FileHandler(HandlerContext context) {
        this.backups = new FileBackups(context.stateDir(), context.clock());
    }

    @Override
    public Class<FileSpec> specType() {
        return FileSpec.class;
    }

    @Override
    public FileActual observe(FileSpec spec, Host host) throws HostException {
        checkSpec(spec);
        Optional<FileStat> stat = host.stat(spec.path());
        if (stat.isEmpty()) {
            return FileActual.missing();
        }
        if (stat.get().directory()) {
            throw new HostException(spec.path() + " is a directory, not a file; not replaced");
        }
        Optional<byte[]> content = host.read(spec.path());
        if (content.isEmpty()) {
            return FileActual.missing();
        }
        return new FileActual(stat.get(), content.get());
    }

    @Override
    public List<Change> diff(FileSpec spec, FileActual actual) {
        return FileDiff.between(spec, actual);
    }

    @Override
    public void apply(FileSpec spec, FileActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        FileAttributes attributes = new FileAttributes(FileDiff.normalizedMode(spec.effectiveMode()), spec.owner(),
                spec.group());
        if (FileDiff.needsWrite(spec, actual)) {
            byte[] content = FileDiff.desiredContent(spec, actual);
            FileValidation.check(spec, content, host);
            // A secret's previous content is not kept: a backup would be one more copy of a key to leak or forget.
            if (spec.isSecret()) {
                backups.forget(spec.path(), host);
            } else if (actual.exists()) {
                backups.keep(spec.path(), actual.content(), host);
            }
            host.writeAtomically(spec.path(), content, attributes);
        } else {
            host.setAttributes(spec.path(), attributes);
        }
    }

    @Override
    public List<String> writes(FileSpec spec) {
        return List.of(spec.path());
    }

    /** Spec errors are reported before the host is touched, so diff can stay pure and total. */
    private static void checkSpec(FileSpec spec) throws HostException {
        if (spec.isSecret() && spec.mode() != null && !SecretText.withinSecretMode(spec.mode())) {
            throw new HostException("file " + spec.path() + ": mode " + spec.mode()
                    + " is wider than 0600 for a secret file; not written");
        }
        if (spec.mode() != null) {
            int bits;
            try {
                bits = Integer.parseInt(spec.mode(), 8);
            } catch (NumberFormatException e) {
                throw new HostException("file " + spec.path() + ": mode '" + spec.mode() + "' is not octal");
            }
            if (bits < 0 || bits > 0777) {
                // setuid, setgid and sticky bits are not observed, so such a file would never be in sync
                throw new HostException("file " + spec.path() + ": mode " + spec.mode()
                        + " is outside 0000-0777 (setuid, setgid and sticky bits are not supported)");
            }
        }
        FileValidation.checkSpec(spec);
    }
}
