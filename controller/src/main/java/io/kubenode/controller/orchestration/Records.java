package io.kubenode.controller.orchestration;

/** Copies of a {@link NodeRecord} with one aspect changed. */
final class Records {
    private Records() {
    }

    static NodeRecord withReleased(NodeRecord record, Released released) {
        return new NodeRecord(record.phase(), record.phaseSince(), record.message(), released, record.attempts(),
                record.nextAttemptAt(), record.lastFailure(), record.joinedAt());
    }

    static NodeRecord withPhase(NodeRecord record, NodePhase phase, String message, String now) {
        String since = record.phase() == phase && record.phaseSince() != null ? record.phaseSince() : now;
        return new NodeRecord(phase, since, message, record.released(), record.attempts(), record.nextAttemptAt(),
                record.lastFailure(), record.joinedAt());
    }

    /** An init/join attempt released: attempts counts it, the backoff is spent. */
    static NodeRecord withAttempt(NodeRecord record, int attempt) {
        return new NodeRecord(record.phase(), record.phaseSince(), record.message(), record.released(), attempt,
                null, record.lastFailure(), record.joinedAt());
    }

    static NodeRecord withFailure(NodeRecord record, String failure, String nextAttemptAt) {
        return new NodeRecord(record.phase(), record.phaseSince(), record.message(), record.released(),
                record.attempts(), nextAttemptAt, failure, record.joinedAt());
    }

    static NodeRecord withJoinedAt(NodeRecord record, String joinedAt) {
        return new NodeRecord(record.phase(), record.phaseSince(), record.message(), record.released(),
                record.attempts(), record.nextAttemptAt(), record.lastFailure(), joinedAt);
    }
}
