package io.kubenode.agent.host;

import java.nio.file.Path;
import java.util.Set;

/**
 * A temporary root standing in for the machine, except for a few host paths that reach the real machine (e.g. the
 * running hostname inside a private UTS namespace), so a test gets a real effect on exactly those and nothing else.
 */
public class FakeRootWithRealPaths extends LocalHost {
    private final Set<String> realPaths;

    public FakeRootWithRealPaths(Path root, Set<String> realPaths) {
        super(root);
        this.realPaths = Set.copyOf(realPaths);
    }

    @Override
    protected Path pathOf(String hostPath) throws HostException {
        return realPaths.contains(hostPath) ? Path.of(hostPath) : super.pathOf(hostPath);
    }
}
