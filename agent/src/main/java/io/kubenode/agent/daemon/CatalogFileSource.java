package io.kubenode.agent.daemon;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.validation.Problem;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A catalog file on this machine (kubenode-agent run --catalog FILE), re-read whenever its bytes change. */
public final class CatalogFileSource implements CatalogSource {
    private final Host machine;
    private final String path;
    private byte[] last;

    /** {@code machine}: the host the file is on (the real one, even when the agent manages a sandbox root). */
    public CatalogFileSource(Host machine, String path) {
        this.machine = machine;
        this.path = path;
    }

    @Override
    public Optional<CatalogLoader.Loaded> poll() {
        try {
            Optional<byte[]> bytes = machine.read(path);
            if (bytes.isEmpty()) {
                return last == null ? Optional.of(refused("no such file: " + path)) : Optional.empty();
            }
            if (last != null && Arrays.equals(last, bytes.get())) {
                return Optional.empty();
            }
            last = bytes.get();
            return Optional.of(CatalogLoader.load(bytes.get()));
        } catch (HostException e) {
            return Optional.of(refused(e.getMessage()));
        }
    }

    @Override
    public List<String> watchedPaths() {
        return List.of(path);
    }

    private static CatalogLoader.Loaded refused(String message) {
        return new CatalogLoader.Loaded(null, List.of(Problem.error(Problem.DOCUMENT, message)));
    }
}
