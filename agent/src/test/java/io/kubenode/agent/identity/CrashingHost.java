package io.kubenode.agent.identity;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host that "loses power" before its {@code crashAt}-th change to the file system (0 = the first): that change
 * and every later one never happen, as with kill -9 between two steps. Changes before it are real.
 */
final class CrashingHost extends LocalHost {
    /** Thrown where the process would have died. */
    static final class Crash extends RuntimeException {
        Crash(String step) {
            super("crashed before " + step);
        }
    }

    private final int crashAt;
    private final List<String> steps = new ArrayList<>();

    CrashingHost(Path root, int crashAt) {
        super(root);
        this.crashAt = crashAt;
    }

    /** The changes made (or attempted, the last one) in order. */
    List<String> steps() {
        return List.copyOf(steps);
    }

    @Override
    public void writeAtomically(String hostPath, byte[] content, FileAttributes attributes) throws HostException {
        step("write " + hostPath);
        super.writeAtomically(hostPath, content, attributes);
    }

    @Override
    public void delete(String hostPath) throws HostException {
        step("delete " + hostPath);
        super.delete(hostPath);
    }

    @Override
    public void setAttributes(String hostPath, FileAttributes attributes) throws HostException {
        step("chmod " + hostPath);
        super.setAttributes(hostPath, attributes);
    }

    @Override
    public void createDirectories(String hostPath) throws HostException {
        step("mkdir " + hostPath);
        super.createDirectories(hostPath);
    }

    private void step(String step) {
        steps.add(step);
        if (steps.size() > crashAt) {
            throw new Crash(step);
        }
    }
}
