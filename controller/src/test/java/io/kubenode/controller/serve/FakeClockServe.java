package io.kubenode.controller.serve;

import io.kubenode.common.cli.CommandGroup;

import java.nio.file.Path;

/**
 * {@code kubenode-controller serve} whose clock a test moves forward: the wall clock plus the whole seconds in the
 * file named by {@value #OFFSET_FILE_PROPERTY} (the kubeadm simulator's {@code clock-offset-seconds}, so the
 * controller and the simulated cluster live in the same time). Certificates are still signed at the real time, so
 * TLS between the processes is unaffected.
 */
public final class FakeClockServe {
    public static final String OFFSET_FILE_PROPERTY = "kubenode.test.clock-offset-file";

    private FakeClockServe() {
    }

    public static void main(String[] args) {
        String offsetFile = System.getProperty(OFFSET_FILE_PROPERTY);
        if (offsetFile == null) {
            System.err.println("FakeClockServe: -D" + OFFSET_FILE_PROPERTY + "=PATH is required");
            System.exit(2);
        }
        CommandGroup.exit(new ServeCommand(new FakeOffsetClock(Path.of(offsetFile))), args);
    }
}
