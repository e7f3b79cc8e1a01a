package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftTrackerTest {
    private final DriftTracker tracker = new DriftTracker();

    @Test
    void aChangeToWhatWasInSyncUnderTheSameCatalogIsDrift() {
        tracker.drifted(report("sha256:a", "in_sync", "in_sync"));

        assertThat(tracker.drifted(report("sha256:a", "changed", "in_sync"))).containsExactly("sysctl");
    }

    @Test
    void aChangeAfterThePreviousPassHadFixedItIsDrift() {
        tracker.drifted(report("sha256:a", "changed", "in_sync"));

        assertThat(tracker.drifted(report("sha256:a", "changed", "in_sync"))).containsExactly("sysctl");
    }

    @Test
    void theFirstPassAndANewCatalogAreNotDrift() {
        assertThat(tracker.drifted(report("sha256:a", "changed", "changed"))).isEmpty();
        assertThat(tracker.drifted(report("sha256:b", "changed", "in_sync"))).isEmpty();
    }

    @Test
    void finishingWhatFailedBeforeIsNotDrift() {
        tracker.drifted(report("sha256:a", "failed", "in_sync"));

        assertThat(tracker.drifted(report("sha256:a", "changed", "in_sync"))).isEmpty();
    }

    private static Report report(String hash, String sysctlState, String fileState) {
        return new Report("node1", 1, hash, Report.APPLY, false, "2026-11-25T00:00:00Z", 1, List.of(
                new ResourceReport("sysctl:net.ipv4.ip_forward", "sysctl", sysctlState, List.of(), null, 1),
                new ResourceReport("file:/etc/x", "file", fileState, List.of(), null, 1)), List.of());
    }
}
