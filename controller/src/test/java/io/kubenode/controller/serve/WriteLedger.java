package io.kubenode.controller.serve;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the crash test's clients sent and what the controller acknowledged (a 2xx answer), shared by the writer
 * threads. A write whose answer was lost to a kill is attempted but not acknowledged: it may or may not be stored.
 */
final class WriteLedger {
    /** Every cluster document sent, so a stored revision can be traced to exactly one request. */
    final Set<String> sentDocuments = ConcurrentHashMap.newKeySet();
    /** Documents answered 409: refused, so never stored. */
    final Set<String> refusedDocuments = ConcurrentHashMap.newKeySet();
    /** resourceVersion -> the exact text acknowledged with it. */
    final Map<Long, String> acknowledgedRevisions = new ConcurrentHashMap<>();
    final Set<String> acknowledgedTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger writesSent = new AtomicInteger();
    final AtomicInteger tokensSent = new AtomicInteger();
    /** Requests (reads included) whose connection died under them: the kills landed mid-request. */
    final AtomicInteger cutByKill = new AtomicInteger();
    /** Answers no write should get (5xx, 422, ...): any of them fails the test. */
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    /** Claims the next write number, or -1 once {@code limit} writes have been sent. */
    int claimWrite(int limit) {
        int claimed = writesSent.getAndUpdate(sent -> Math.min(sent + 1, limit));
        return claimed < limit ? claimed : -1;
    }

    void acknowledgeRevision(long version, String text) {
        String previous = acknowledgedRevisions.putIfAbsent(version, text);
        if (previous != null) {
            unexpected.add("resourceVersion " + version + " acknowledged twice");
        }
    }

    void acknowledgeToken(String id) {
        if (!acknowledgedTokens.add(id)) {
            unexpected.add("token " + id + " acknowledged twice");
        }
    }
}
