package io.kubenode.agent.resource.kubeadm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A kubectl stand-in for the manifest handler's tests (a real bash executable): {@code diff} exits 1 until
 * {@code apply} ran once, then 0; can be told that the API is down (kubectl's own message, exit 1 for apply and 2
 * for diff, as kubectl does) or that apply fails. Checks the manifest file exists under KUBENODE_SANDBOX_ROOT.
 */
public final class FakeKubectl {
    private final Path control;
    private final Path executable;

    private FakeKubectl(Path control) {
        this.control = control;
        this.executable = control.resolve("kubectl");
    }

    public static FakeKubectl create(Path directory) {
        try {
            FakeKubectl fake = new FakeKubectl(Files.createDirectories(directory));
            Files.writeString(fake.executable, SCRIPT.formatted(fake.control));
            Files.setPosixFilePermissions(fake.executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path executable() {
        return executable;
    }

    public FakeKubectl apiDown(boolean down) {
        return flag("api-down", down);
    }

    public FakeKubectl applyFails() {
        return flag("apply-fails", true);
    }

    public List<String> calls() {
        try {
            Path calls = control.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakeKubectl flag(String name, boolean on) {
        try {
            if (on) {
                Files.writeString(control.resolve(name), "");
            } else {
                Files.deleteIfExists(control.resolve(name));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SCRIPT = """
            #!/bin/bash
            C='%s'
            R="${KUBENODE_SANDBOX_ROOT:-/}"
            echo "$*" >> "$C/calls"
            verb="$3"
            file="${@: -1}"
            if [ -f "$C/api-down" ]; then
              echo "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?" >&2
              if [ "$verb" = diff ]; then exit 2; fi
              exit 1
            fi
            if [ ! -f "$R$file" ]; then echo "error: the path \\"$file\\" does not exist" >&2; exit 2; fi
            case "$verb" in
              diff)
                if [ -f "$C/applied" ]; then exit 0; fi
                printf 'diff -u -N /tmp/LIVE/apps.v1.DaemonSet /tmp/MERGED/apps.v1.DaemonSet\\n+kind: DaemonSet\\n'
                exit 1;;
              apply)
                if [ -f "$C/apply-fails" ]; then echo "error: unable to recognize the manifest" >&2; exit 1; fi
                touch "$C/applied"
                echo "daemonset.apps/kube-flannel-ds serverside-applied"
                exit 0;;
            esac
            echo "fake kubectl: unknown command $*" >&2
            exit 64
            """;
}
