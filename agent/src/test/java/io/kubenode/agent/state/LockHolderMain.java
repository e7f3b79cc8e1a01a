package io.kubenode.agent.state;

import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;

/** A separate process that takes the state dir lock, says so, and holds it until killed. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        StateDir state = new StateDir(new LocalHost(Path.of(args[0])), StateDir.DEFAULT);
        if (state.tryLock().isEmpty()) {
            System.out.println("busy");
            return;
        }
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
