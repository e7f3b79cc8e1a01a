package io.kubenode.agent.resource.managedblock;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.ManagedBlockSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A marked block inside a file people also edit (/etc/hosts): the block is created, appended or replaced in place;
 * every other line stays exactly as it was. The file is replaced atomically, keeping its mode and owner.
 */
public final class ManagedBlockHandler implements ResourceHandler<ManagedBlockSpec, ManagedBlockActual> {

    @Override
    public Class<ManagedBlockSpec> specType() {
        return ManagedBlockSpec.class;
    }

    @Override
    public ManagedBlockActual observe(ManagedBlockSpec spec, Host host) throws HostException {
        Optional<byte[]> bytes = host.read(spec.path());
        if (bytes.isEmpty()) {
            return new ManagedBlockActual(false, "", null);
        }
        String text = new String(bytes.get(), StandardCharsets.UTF_8);
        BlockText parsed = BlockText.parse(text);
        BlockText.Location location = locate(parsed, spec);
        return new ManagedBlockActual(true, text, location == null ? null : parsed.blockAt(location));
    }

    @Override
    public List<Change> diff(ManagedBlockSpec spec, ManagedBlockActual actual) {
        List<String> desired = BlockText.contentLines(spec.content());
        if (!actual.fileExists()) {
            return List.of(Change.create(spec.id(), "(new file with a block of " + lines(desired.size()) + ")"));
        }
        if (!actual.hasBlock()) {
            return List.of(Change.create(spec.id(), "(block of " + lines(desired.size()) + " appended)"));
        }
        if (actual.block().equals(desired)) {
            return List.of();
        }
        return List.of(Change.update(spec.id(), "(block: +" + missingFrom(actual.block(), desired) + " -"
                + missingFrom(desired, actual.block()) + " lines)"));
    }

    @Override
    public void apply(ManagedBlockSpec spec, ManagedBlockActual actual, List<Change> changes, Host host,
                      Pass pass) throws HostException {
        BlockText parsed = BlockText.parse(actual.text());
        String updated = parsed.withBlock(locate(parsed, spec), spec.beginLine(),
                BlockText.contentLines(spec.content()), spec.endLine());
        host.writeAtomically(spec.path(), updated.getBytes(StandardCharsets.UTF_8),
                new FileAttributes(null, null, null));
    }

    @Override
    public List<String> writes(ManagedBlockSpec spec) {
        return List.of(spec.path());
    }

    private static BlockText.Location locate(BlockText parsed, ManagedBlockSpec spec) throws HostException {
        try {
            return parsed.locate(spec.path(), spec.beginLine(), spec.endLine());
        } catch (BlockText.BlockException e) {
            throw new HostException(e.getMessage(), e);
        }
    }

    /** How many lines of {@code to} are not matched by a line of {@code from} (a multiset difference). */
    private static int missingFrom(List<String> from, List<String> to) {
        List<String> unmatched = new ArrayList<>(from);
        int missing = 0;
        for (String line : to) {
            if (!unmatched.remove(line)) {
                missing++;
            }
        }
        return missing;
    }

    private static String lines(int count) {
        return count == 1 ? "1 line" : count + " lines";
    }
}
