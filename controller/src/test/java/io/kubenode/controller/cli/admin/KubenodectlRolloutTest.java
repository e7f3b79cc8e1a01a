package io.kubenode.controller.cli.admin;

import io.kubenode.controller.api.FakeRolloutControl;
import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.rollout.RolloutControl.Outcome;
import io.kubenode.controller.rollout.RolloutStatus;
import io.kubenode.controller.store.AuditEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubenodectl rollout status|pause|resume|undo, apply --all-at-once and get cluster's ROLLOUT line, against a real
 * controller whose rollout a test sets.
 */
class KubenodectlRolloutTest extends WithController {

    @BeforeEach
    void applyTheExample() throws Exception {
        KubenodectlRunner.Run applied = ctl("apply", "-f", write("cluster.yaml", example()).toString());
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        controller.rollouts().set(null);
    }

    @Test
    void statusShowsTheRevisionsProgressAndEveryNode() {
        controller.rollouts().set(FakeRolloutControl.rolling());

        KubenodectlRunner.Run run = ctl("rollout", "status");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("revision 7 (from 6): Rolling, control planes 1/3, workers 0/1");
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).matches("NODE +ROLE +REVISION +STATE +RESTARTS +SINCE +MESSAGE");
        assertThat(lines.get(3)).matches("node1\\.internal +control-plane +7 +Done +service:haproxy +\\S+ *");
        assertThat(lines.get(4)).matches("node2\\.internal +control-plane +7 +Released +service:haproxy +\\S+ +"
                + "waiting for apiserver /readyz");
        assertThat(lines.get(5)).matches("node3\\.internal +control-plane +6 +Pending +service:haproxy +\\S+ *");
        assertThat(lines.get(6)).matches("node4\\.internal +worker +6 +Pending +service:kubelet +\\S+ *");
        assertThat(lines.get(7)).matches("node5\\.internal +worker +7 +Done +- +\\S+ *");
        assertThat(lines).hasSize(8);
    }

    @Test
    void statusOfAPausedRolloutSaysWhoPausedItAndWhy() {
        controller.rollouts().set(FakeRolloutControl.pausedByAlice());

        KubenodectlRunner.Run run = ctl("rollout", "status");

        assertThat(run.stdout().lines().limit(2).toList()).containsExactly(
                "revision 7 (from 6): Paused, control planes 1/3, workers 0/1",
                "paused by alice: waiting for the change window");
    }

    @Test
    void statusOfARolloutAFailedNodeStoppedSaysWhyAndOneStoredAllAtOnceSaysSo() {
        RolloutStatus rolling = FakeRolloutControl.rolling();
        controller.rollouts().set(new RolloutStatus(7, 6, RolloutStatus.PAUSED,
                "node2.internal: file:/etc/haproxy/haproxy.cfg: haproxy -c rejected it\n(line 12)", null, false,
                rolling.startedAt(), "1/3", "0/1", rolling.nodes()));
        KubenodectlRunner.Run failed = ctl("rollout", "status");
        KubenodectlRunner.Run cluster = ctl("get", "cluster");
        controller.rollouts().set(new RolloutStatus(8, 7, RolloutStatus.COMPLETE, null, null, true,
                rolling.startedAt(), "3/3", "1/1", List.of()));
        KubenodectlRunner.Run allAtOnce = ctl("rollout", "status");

        assertThat(failed.stdout().lines().limit(2).toList()).containsExactly(
                "revision 7 (from 6): Paused, control planes 1/3, workers 0/1",
                "paused: node2.internal: file:/etc/haproxy/haproxy.cfg: haproxy -c rejected it | (line 12)");
        assertThat(cluster.stdout().lines().toList()).contains("ROLLOUT   revision 7: Paused, control planes 1/3, "
                + "workers 0/1 (paused: node2.internal: file:/etc/haproxy/haproxy.cfg: haproxy -c rejected it | "
                + "(line 12))");
        assertThat(allAtOnce.stdout().lines().findFirst()).contains(
                "revision 8 (from 7): Complete (all at once), control planes 3/3, workers 1/1");
    }

    @Test
    void statusAsJsonOrYamlIsTheApisRollout() {
        controller.rollouts().set(FakeRolloutControl.rolling());

        KubenodectlRunner.Run json = ctl("rollout", "status", "-o", "json");
        KubenodectlRunner.Run yaml = ctl("rollout", "status", "-o", "yaml");

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        assertThat(json.stdout()).contains("\"revision\" : 7", "\"fromRevision\" : 6", "\"state\" : \"Rolling\"",
                "\"message\" : \"waiting for apiserver /readyz\"");
        assertThat(yaml.exitCode()).as(yaml.stderr()).isZero();
        assertThat(yaml.stdout()).contains("revision: 7", "state: Rolling", "controlPlanes: 1/3");
    }

    @Test
    void withoutARolloutEachVerbSaysSoInOneLine() {
        List<String> errors = new java.util.ArrayList<>();
        for (List<String> args : List.of(List.of("rollout", "status"), List.of("rollout", "pause"),
                List.of("rollout", "resume"), List.of("rollout", "undo", "--yes"))) {
            KubenodectlRunner.Run run = ctl(args.toArray(new String[0]));
            assertThat(run.exitCode()).as(args.toString()).isEqualTo(1);
            errors.add(run.stderr());
        }

        assertThat(errors.get(0)).startsWith("error: no rollout yet: ").endsWith(" (404 not_found)\n")
                .hasLineCount(1);
        assertThat(errors.subList(1, 3)).containsOnly("error: no rollout yet (404 not_found)\n");
        assertThat(errors.get(3)).as("undo reads the rollout first and stops there").isEqualTo(errors.get(0));
        assertThat(controller.rollouts().calls()).containsExactly("pause kubenode-admin: null",
                "resume kubenode-admin");
    }

    @Test
    void pauseSendsTheReasonAndShowsThePausedRollout() {
        controller.rollouts().set(FakeRolloutControl.rolling());
        controller.rollouts().answer(new Outcome.Done(FakeRolloutControl.pausedByAlice()));

        KubenodectlRunner.Run run = ctl("rollout", "pause", "--reason", "waiting for the change window");
        KubenodectlRunner.Run bare = ctl("rollout", "pause");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("rollout paused\nrevision 7 (from 6): Paused, control planes 1/3, "
                + "workers 0/1\npaused by alice: waiting for the change window\n");
        assertThat(bare.exitCode()).as(bare.stderr()).isZero();
        assertThat(controller.rollouts().calls()).containsExactly(
                "pause kubenode-admin: waiting for the change window", "pause kubenode-admin: null");
    }

    @Test
    void aRefusalIsOneLine() {
        controller.rollouts().set(FakeRolloutControl.rolling());
        controller.rollouts().answer(new Outcome.Refused("the rollout of revision 7 is not paused"));

        KubenodectlRunner.Run run = ctl("rollout", "resume");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: the rollout of revision 7 is not paused (409 conflict)\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void undoWithoutYesSaysWhatItWouldDoAndDoesNothing() {
        controller.rollouts().set(FakeRolloutControl.pausedByAlice());

        KubenodectlRunner.Run run = ctl("rollout", "undo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: undo would store revision 6 again as a new revision, rolled back "
                + "node by node behind the same health gates as revision 7; add --yes to do it\n");
        assertThat(controller.rollouts().calls()).isEmpty();
    }

    @Test
    void undoWithYesStoresThePreviousRevisionAgainAndShowsItsRollout() {
        controller.rollouts().set(FakeRolloutControl.pausedByAlice());
        controller.rollouts().answer(new Outcome.Done(new RolloutStatus(8, 7, RolloutStatus.ROLLING, null, null,
                false, "2026-12-04T11:00:00Z", "0/3", "0/1", List.of())));

        KubenodectlRunner.Run run = ctl("rollout", "undo", "--yes");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("revision 6 stored again (undo of revision 7)\n"
                + "revision 8 (from 7): Rolling, control planes 0/3, workers 0/1\n");
        assertThat(controller.rollouts().calls()).containsExactly("undo kubenode-admin");
    }

    @Test
    void undoThatLostARaceIsOneLine() {
        controller.rollouts().set(FakeRolloutControl.pausedByAlice());
        controller.rollouts().answer(new Outcome.NotStored(
                new io.kubenode.controller.store.ClusterPut.Conflict(7, 8), "revision 8 was stored meanwhile"));

        KubenodectlRunner.Run run = ctl("rollout", "undo", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: revision 8 was stored meanwhile (409 conflict)\n");
    }

    @Test
    void applyAllAtOnceWithoutYesRefusesBeforeSendingAnything() throws Exception {
        int audited = controller.store().audit(100).size();

        KubenodectlRunner.Run run = ctl("apply", "--all-at-once", "-f",
                write("v2.yaml", exampleWithTmuxOnNode2()).toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("error: --all-at-once gives every node the revision at the same moment, "
                + "so every node restarts what the change restarts at once").endsWith("Nothing was sent.\n");
        assertThat(controller.store().clusterHistory()).hasSize(1);
        assertThat(controller.store().audit(100)).hasSize(audited);
    }

    @Test
    void applyAllAtOnceWithYesStoresTheRevisionAuditedAsAllAtOnce() throws Exception {
        KubenodectlRunner.Run run = ctl("apply", "--all-at-once", "--yes", "-f",
                write("v2.yaml", exampleWithTmuxOnNode2()).toString());
        KubenodectlRunner.Run yesAlone = ctl("apply", "--yes", "-f", write("v3.yaml", example()).toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("cluster configured (resourceVersion 2, all at once)\n");
        assertThat(storedText()).isEqualTo(exampleWithTmuxOnNode2());
        AuditEntry entry = controller.store().audit(1).get(0);
        assertThat(entry.who()).isEqualTo("kubenode-admin");
        assertThat(entry.summary()).contains("all at once");
        assertThat(yesAlone.exitCode()).isEqualTo(2);
        assertThat(yesAlone.stderr()).contains("--yes confirms --all-at-once");
        assertThat(controller.store().clusterHistory()).hasSize(2);
    }

    @Test
    void getClusterShowsARolloutThatIsNotComplete() {
        controller.rollouts().set(FakeRolloutControl.rolling());
        KubenodectlRunner.Run rolling = ctl("get", "cluster");
        KubenodectlRunner.Run json = ctl("get", "cluster", "-o", "json");
        controller.rollouts().set(FakeRolloutControl.pausedByAlice());
        KubenodectlRunner.Run paused = ctl("get", "cluster");

        assertThat(rolling.exitCode()).as(rolling.stderr()).isZero();
        assertThat(rolling.stdout().lines().toList()).contains(
                "ROLLOUT   revision 7: Rolling, control planes 1/3, workers 0/1");
        assertThat(json.stdout()).contains("\"rollout\" : {", "\"fromRevision\" : 6");
        assertThat(paused.stdout().lines().toList()).contains("ROLLOUT   revision 7: Paused, control planes 1/3, "
                + "workers 0/1 (paused by alice: waiting for the change window)");
    }

    @Test
    void getClusterWithoutARolloutOrWithACompleteOneHasNoRolloutLine() {
        KubenodectlRunner.Run none = ctl("get", "cluster");
        controller.rollouts().set(FakeRolloutControl.complete());
        KubenodectlRunner.Run complete = ctl("get", "cluster");

        assertThat(none.exitCode()).as(none.stderr()).isZero();
        assertThat(none.stdout()).startsWith("NAME").doesNotContain("ROLLOUT");
        assertThat(complete.exitCode()).as(complete.stderr()).isZero();
        assertThat(complete.stdout()).doesNotContain("ROLLOUT");
    }
}
