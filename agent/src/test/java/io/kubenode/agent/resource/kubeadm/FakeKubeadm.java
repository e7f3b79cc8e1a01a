package io.kubenode.agent.resource.kubeadm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A kubeadm stand-in for handler tests: a real bash executable (run through the sandbox's simulator seam exactly as
 * the real simulator is) that writes kubeadm's output files under KUBENODE_SANDBOX_ROOT, prints a join command with
 * a bootstrap token like kubeadm init does, and can be told to fail, hang (with an orphaned child in its process
 * group) or list tokens. Every call is appended to {@code calls} with the environment it got. Not the full simulator
 * (another piece of work); just enough to drive the handlers through real processes.
 */
public final class FakeKubeadm {
    /** The token this fake prints; no report, status or log may ever contain it. */
    public static final String TOKEN = "abcdef.0123456789abcdef";
    public static final String TOKEN_SECRET = "0123456789abcdef";
    private final Path control;
    private final Path executable;

    private FakeKubeadm(Path control) {
        this.control = control;
        this.executable = control.resolve("kubeadm");
    }

    public static FakeKubeadm create(Path directory) {
        try {
            FakeKubeadm fake = new FakeKubeadm(Files.createDirectories(directory));
            Files.writeString(fake.executable, script(fake.control));
            Files.setPosixFilePermissions(fake.executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path executable() {
        return executable;
    }

    /** init/join also write the apiserver's static pod manifest. */
    public FakeKubeadm controlPlane() {
        return write("control-plane", "");
    }

    /** init/join print {@code output} and exit {@code code} without writing anything. */
    public FakeKubeadm failing(int code, String output) {
        write("fail-output", output);
        return write("fail-exit", String.valueOf(code));
    }

    /** init/join leave a child behind in their process group (its pid in child.pid) and never finish. */
    public FakeKubeadm hanging() {
        return write("hang", "");
    }

    /** init/join take this long before doing their work (a slow image pull). */
    public FakeKubeadm slow(int seconds) {
        return write("slow", String.valueOf(seconds));
    }

    /** What {@code token list -o json} prints (a stream of JSON objects, as kubeadm does). */
    public FakeKubeadm listing(String json) {
        return write("tokens.json", json);
    }

    /** What the token list becomes after {@code token create}. */
    public FakeKubeadm creating(String json) {
        return write("created.json", json);
    }

    /** {@code token create} prints the token, then fails. */
    public FakeKubeadm createFails() {
        return write("create-exit", "1");
    }

    /** {@code token list} fails with this stderr. */
    public FakeKubeadm listFails(int code, String stderr) {
        write("list-output", stderr);
        return write("list-exit", String.valueOf(code));
    }

    public List<String> calls() {
        try {
            Path calls = control.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Long> hungChildPid() {
        try {
            Path pid = control.resolve("child.pid");
            return Files.exists(pid) ? Optional.of(Long.parseLong(Files.readString(pid).strip())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object as {@code kubeadm token list -o json} prints one (pretty-printed, several lines). */
    public static String listed(String token, String expires) {
        return "{\n    \"kind\": \"BootstrapToken\",\n    \"apiVersion\": \"output.kubeadm.k8s.io/v1alpha3\",\n"
                + "    \"token\": \"" + token + "\",\n    \"description\": \"kubenode\",\n"
                + (expires == null ? "" : "    \"ttl\": \"15m0s\",\n    \"expires\": \"" + expires + "\",\n")
                + "    \"usages\": [\n        \"authentication\",\n        \"signing\"\n    ],\n"
                + "    \"groups\": [\n        \"system:bootstrappers:kubeadm:default-node-token\"\n    ]\n}\n";
    }

    private FakeKubeadm write(String name, String content) {
        try {
            Files.writeString(control.resolve(name), content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String script(Path control) {
        return """
                #!/bin/bash
                C='%s'
                R="${KUBENODE_SANDBOX_ROOT:-/}"
                echo "$* | root=$R loopback=$KUBENODE_SANDBOX_LOOPBACK" >> "$C/calls"
                case "$1" in
                  init|join)
                    if [ -f "$C/hang" ]; then
                      (sleep 300 & echo $! > "$C/child.pid")
                      echo "[preflight] Running pre-flight checks"
                      sleep 300
                      exit 0
                    fi
                    if [ -f "$C/slow" ]; then sleep "$(cat "$C/slow")"; fi
                    if [ -f "$C/fail-exit" ]; then cat "$C/fail-output"; exit "$(cat "$C/fail-exit")"; fi
                    mkdir -p "$R/etc/kubernetes/manifests"
                    echo kubelet > "$R/etc/kubernetes/kubelet.conf"
                    if [ "$1" = init ]; then
                      echo admin > "$R/etc/kubernetes/admin.conf"; echo super > "$R/etc/kubernetes/super-admin.conf"
                    fi
                    if [ -f "$C/control-plane" ]; then echo apiserver > "$R/etc/kubernetes/manifests/kube-apiserver.yaml"; fi
                    echo "Your Kubernetes control-plane has initialized successfully!"
                    echo "kubeadm join k8s-cp.internal:8888 --token %s --discovery-token-ca-cert-hash sha256:1234"
                    exit 0;;
                  reset)
                    rm -f "$R/etc/kubernetes/kubelet.conf" "$R/etc/kubernetes/admin.conf" "$R/etc/kubernetes/super-admin.conf" "$R"/etc/kubernetes/manifests/*.yaml
                    echo "[reset] done"
                    exit 0;;
                  token)
                    case "$2" in
                      list)
                        if [ -f "$C/list-exit" ]; then cat "$C/list-output" >&2; exit "$(cat "$C/list-exit")"; fi
                        if [ -f "$C/tokens.json" ]; then cat "$C/tokens.json"; fi
                        exit 0;;
                      delete) rm -f "$C/tokens.json"; echo "bootstrap token \\"$3\\" deleted"; exit 0;;
                      create)
                        echo "%s"
                        if [ -f "$C/create-exit" ]; then echo "error: could not create %s" >&2; exit 1; fi
                        cp "$C/created.json" "$C/tokens.json"
                        exit 0;;
                    esac;;
                esac
                echo "fake kubeadm: unknown command $*" >&2
                exit 64
                """.formatted(control, TOKEN, TOKEN, TOKEN);
    }
}
