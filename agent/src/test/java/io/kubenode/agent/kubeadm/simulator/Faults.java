package io.kubenode.agent.kubeadm.simulator;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code $KUBEADM_SIMULATOR_CLUSTER/faults}: lines {@code <node> <init|join|reset|preflight-init|preflight-join|drain>
 * <fail N | swap-on N | slow SECONDS | hang>} ({@code drain fail N}: a PodDisruptionBudget blocks kubectl drain).
 * A {@code fail} or {@code swap-on} line counts down each time it is used (gone at 0); {@code slow} and {@code hang} stay until the tests remove them. {@code swap-on} (preflight steps
 * only) turns a swap on just before the checks run, as a swap unit or zram device activated behind the agent's back
 * would: kubeadm's own Swap check then fails for real.
 */
final class Faults {
    sealed interface Fault {
    }

    record Fail(int remainingAfterThis) implements Fault {
    }

    record Slow(long seconds) implements Fault {
    }

    record Hang() implements Fault {
    }

    record SwapOn() implements Fault {
    }

    private Faults() {
    }

    /** The fault for this node and step, consuming one use of a {@code fail} line. */
    static Optional<Fault> take(ClusterStore store, String node, String step) {
        return store.locked(() -> {
            if (!Files.isRegularFile(store.faultsFile())) {
                return Optional.<Fault>empty();
            }
            List<String> lines = new ArrayList<>(store.read(store.faultsFile()).lines().toList());
            for (int i = 0; i < lines.size(); i++) {
                String[] words = lines.get(i).strip().split("\\s+");
                if (words.length < 3 || !words[0].equals(node) || !words[1].equals(step)) {
                    continue;
                }
                switch (words[2]) {
                    case "fail", "swap-on" -> {
                        int count = words.length > 3 ? Integer.parseInt(words[3]) : 1;
                        if (count <= 0) {
                            continue;
                        }
                        if (count == 1) {
                            lines.remove(i);
                        } else {
                            lines.set(i, node + " " + step + " " + words[2] + " " + (count - 1));
                        }
                        ClusterStore.write(store.faultsFile(), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
                        return Optional.<Fault>of(words[2].equals("fail") ? new Fail(count - 1) : new SwapOn());
                    }
                    case "slow" -> {
                        return Optional.<Fault>of(new Slow(Long.parseLong(words[3])));
                    }
                    case "hang" -> {
                        return Optional.<Fault>of(new Hang());
                    }
                    default -> throw new SimulatorFailure(store.faultsFile() + ": unknown fault \"" + lines.get(i)
                            + "\" (want fail N, swap-on N, slow SECONDS or hang)");
                }
            }
            return Optional.<Fault>empty();
        });
    }

    /**
     * Applies a slow or hang fault (sleeping) and returns a fail fault's message, or null when the step proceeds.
     */
    static String delayOrFailure(ClusterStore store, String node, String step) {
        return delayOrFailure(store, node, step, () -> {
            throw new SimulatorFailure(store.faultsFile() + ": swap-on is a fault of preflight-init and "
                    + "preflight-join only, not of " + step);
        });
    }

    /** As above; a {@code swap-on} fault runs {@code swapOn} (a preflight step's own effect). */
    static String delayOrFailure(ClusterStore store, String node, String step, Runnable swapOn) {
        Optional<Fault> fault = take(store, node, step);
        if (fault.isEmpty()) {
            return null;
        }
        if (fault.get() instanceof SwapOn) {
            swapOn.run();
            return null;
        }
        try {
            if (fault.get() instanceof Slow slow) {
                Thread.sleep(slow.seconds() * 1000);
            } else if (fault.get() instanceof Hang) {
                Thread.sleep(Long.MAX_VALUE);
            } else if (fault.get() instanceof Fail fail) {
                return "simulated failure of " + step + " on node " + node + " (faults file; " + fail.remainingAfterThis()
                        + " more to come)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
