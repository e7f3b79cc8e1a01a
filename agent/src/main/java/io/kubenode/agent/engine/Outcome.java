package io.kubenode.agent.engine;

import java.util.List;

/** What happened to one resource in one pass. */
public sealed interface Outcome {
    String id();

    String state();

    /**
     * Observed equal to the catalog; nothing to do. {@code note}: why, when that is worth saying (a firewall resource
     * on a host without a firewall); null otherwise.
     */
    record InSync(String id, String note) implements Outcome {
        public InSync(String id) {
            this(id, null);
        }

        public String state() {
            return "in_sync";
        }
    }

    /** Changed the host (apply) or would change it (plan). */
    record Changed(String id, List<Change> changes) implements Outcome {
        public Changed {
            changes = List.copyOf(changes);
        }

        public String state() {
            return "changed";
        }
    }

    /** Could not be observed or applied. */
    record Failed(String id, String reason) implements Outcome {
        public String state() {
            return "failed";
        }
    }

    /** Not tried: a dependency failed. */
    record Skipped(String id, String blockedBy) implements Outcome {
        public String state() {
            return "skipped";
        }
    }

    /** Not there yet, but not broken (a probe whose service is still starting, or waiting on such a probe). */
    record NotReady(String id, String reason) implements Outcome {
        public String state() {
            return "not_ready";
        }
    }
}
