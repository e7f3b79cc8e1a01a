package io.kubenode.controller.rollout;

import io.kubenode.controller.rollout.RolloutNode.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.kubenode.controller.rollout.RolloutNode.State.DONE;
import static io.kubenode.controller.rollout.RolloutNode.State.FAILED;
import static io.kubenode.controller.rollout.RolloutNode.State.PENDING;
import static io.kubenode.controller.rollout.RolloutNode.State.RELEASED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout's decisions as a table: the seed's 3 control planes and 2 workers (plus a third worker). */
class RolloutPlannerTest {

    private static List<RolloutNode> seed(State cp1, State cp2, State cp3, State w4, State w5, State w6) {
        return List.of(new RolloutNode("node1", true, true, cp1), new RolloutNode("node2", true, true, cp2),
                new RolloutNode("node3", true, true, cp3), new RolloutNode("node4", false, true, w4),
                new RolloutNode("node5", false, true, w5), new RolloutNode("node6", false, true, w6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            start: the first control plane only                    | PENDING  | PENDING  | PENDING  | PENDING  | PENDING  | PENDING  | 1 | node1       | ROLLING  | 0/3
            one control plane in progress: nothing else           | RELEASED | PENDING  | PENDING  | PENDING  | PENDING  | PENDING  | 1 | ''          | ROLLING  | 0/3
            the first done: the second                             | DONE     | PENDING  | PENDING  | PENDING  | PENDING  | PENDING  | 1 | node2       | ROLLING  | 1/3
            control planes done: workers, one at a time           | DONE     | DONE     | DONE     | PENDING  | PENDING  | PENDING  | 1 | node4       | ROLLING  | 3/3
            control planes done: workers, two at a time            | DONE     | DONE     | DONE     | PENDING  | PENDING  | PENDING  | 2 | node4 node5 | ROLLING  | 3/3
            a worker in progress takes a slot                      | DONE     | DONE     | DONE     | RELEASED | PENDING  | PENDING  | 2 | node5       | ROLLING  | 3/3
            workers never before the control planes are done       | DONE     | DONE     | RELEASED | PENDING  | PENDING  | PENDING  | 5 | ''          | ROLLING  | 2/3
            every node done: complete                              | DONE     | DONE     | DONE     | DONE     | DONE     | DONE     | 1 | ''          | COMPLETE | 3/3
            """)
    void controlPlanesOneAtATimeThenWorkersInBatches(String row, State cp1, State cp2, State cp3, State w4,
                                                     State w5, State w6, int maxUnavailable, String released,
                                                     RolloutDecision.State state, String controlPlanes) {
        RolloutDecision decision = RolloutPlanner.decide(seed(cp1, cp2, cp3, w4, w5, w6), maxUnavailable, null);

        assertThat(decision.release()).isEqualTo(released.isBlank() ? List.of() : List.of(released.split(" ")));
        assertThat(decision.state()).isEqualTo(state);
        assertThat(decision.controlPlanes()).isEqualTo(controlPlanes);
    }

    @Test
    void aFailedNodeStopsTheRolloutAndTheNodesNotYetReleasedKeepTheirCatalog() {
        RolloutDecision decision = RolloutPlanner.decide(seed(DONE, FAILED, PENDING, PENDING, PENDING, PENDING), 5,
                null);

        assertThat(decision.state()).isEqualTo(RolloutDecision.State.PAUSED);
        assertThat(decision.reason()).contains("node2");
        assertThat(decision.release()).isEmpty();
        assertThat(decision.controlPlanes()).isEqualTo("1/3");
        assertThat(decision.workers()).isEqualTo("0/3");
    }

    @Test
    void aPauseStopsFurtherReleasesButNotTheNodesTheRevisionInterruptsNothingOn() {
        List<RolloutNode> nodes = List.of(new RolloutNode("node1", true, true, DONE),
                new RolloutNode("node2", true, true, PENDING), new RolloutNode("node4", false, false, PENDING));

        RolloutDecision decision = RolloutPlanner.decide(nodes, 1, "paused by admin");

        assertThat(decision.state()).isEqualTo(RolloutDecision.State.PAUSED);
        assertThat(decision.reason()).isEqualTo("paused by admin");
        assertThat(decision.release()).as("nothing restarts on node4: it gets the revision at once")
                .containsExactly("node4");
    }

    @Test
    void aRevisionThatInterruptsNothingReachesEveryNodeAtOnce() {
        List<RolloutNode> nodes = List.of(new RolloutNode("node1", true, false, PENDING),
                new RolloutNode("node2", true, false, PENDING), new RolloutNode("node4", false, false, PENDING));

        RolloutDecision decision = RolloutPlanner.decide(nodes, 1, null);

        assertThat(decision.release()).containsExactly("node1", "node2", "node4");
        assertThat(decision.state()).isEqualTo(RolloutDecision.State.COMPLETE);
    }

    @Test
    void onlyTheNodesARevisionInterruptsAreRolledTheOthersGetItAtOnce() {
        List<RolloutNode> nodes = List.of(new RolloutNode("node1", true, true, PENDING),
                new RolloutNode("node2", true, true, PENDING), new RolloutNode("node4", false, false, PENDING));

        assertThat(RolloutPlanner.decide(nodes, 1, null).release()).containsExactly("node1", "node4");
    }

    @Test
    void maxUnavailableIsANumberOrAPercentageOfTheInterruptedWorkersAndAtLeastOne() {
        assertThat(RolloutPlanner.maxUnavailable(null, 10)).isEqualTo(1);
        assertThat(RolloutPlanner.maxUnavailable("3", 10)).isEqualTo(3);
        assertThat(RolloutPlanner.maxUnavailable("25%", 10)).isEqualTo(2);
        assertThat(RolloutPlanner.maxUnavailable("10%", 3)).as("rounded down, yet at least 1").isEqualTo(1);
        assertThatThrownBy(() -> RolloutPlanner.decide(List.of(), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
