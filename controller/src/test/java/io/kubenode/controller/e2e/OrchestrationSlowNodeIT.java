package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker whose agent is away while 20 minutes pass still joins with a fresh token. The controller runs with a
 * clock the test moves (the simulated cluster's clock, so kubeadm's token expiry is judged in the same time): node5
 * is prepared, its agent stops, the rest of the cluster joins, the clock jumps 20 minutes (past the 15-minute token
 * TTL), and only then does node5's agent come back. The token every earlier join used has expired by then; node5
 * must join at its first attempt with a token valid at that moment: the one the controller kept refreshing when
 * node5's join was released while it was away, else one made when it was back.
 */
class OrchestrationSlowNodeIT {
    private static final String NODE1 = "node1.internal";
    private static final String NODE4 = "node4.internal";
    private static final String LATE = "node5.internal";
    private static final Duration AWAY = Duration.ofMinutes(20);

    @TempDir
    Path work;

    private OrchestratedCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerWhoseAgentComesBackTwentyMinutesLaterJoinsWithAFreshToken() throws Exception {
        cluster = OrchestratedCluster.of(work, List.of(NODE1, NODE4, LATE), true);
        cluster.applyAndStartHaproxy();
        await("every node prepared and the init released").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Set.of("Initializing", "InstallingNetwork", "JoiningControlPlanes", "JoiningWorkers")
                        .contains(cluster.phase()));
        cluster.stopAgent(LATE);

        try {
            await("node4 joined while node5's agent is away").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> node(NODE4).hasNonNull("joinedAt"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("node4 did not join:\n" + cluster.controller().kubenodectl().output("get",
                    "cluster") + "\n" + cluster.controller().kubenodectl().output("get", "nodes"), e);
        }
        // node5's join is released while its agent is away if its last status was converged; a status sent while
        // stopping (resources not tried) holds it back until the agent is back. Either way it must join with a
        // token that is valid in the new time.
        boolean releasedWhileAway = node(LATE).path("phase").asText().equals("Joining");
        JsonNode beforeTheJump = token();
        System.out.println("OrchestrationSlowNodeIT: node5's join released while its agent was away: "
                + releasedWhileAway + "; token before the jump " + beforeTheJump);
        cluster.moveClockForward(AWAY);
        Instant jumpedNow = Instant.now().plus(AWAY);
        if (releasedWhileAway) {
            String tokenId = beforeTheJump.path("id").asText();
            assertThat(Instant.parse(beforeTheJump.path("validUntil").asText()))
                    .as("the token of the earlier joins has expired in the new time").isBefore(jumpedNow);
            try {
                await("the controller refreshes the token on " + NODE1 + " in the new time")
                        .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> Instant.parse(token().path("validUntil").asText()).isAfter(jumpedNow)
                                && tokenExpiresInTheSimulatedCluster(tokenId).isAfter(jumpedNow));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the token was not refreshed: controller " + token()
                        + ", simulated cluster " + tokenExpiresInTheSimulatedCluster(tokenId) + "\n"
                        + cluster.controller().kubenodectl().output("describe", "node", NODE1), e);
            }
        }

        cluster.restartAgent(LATE);
        cluster.awaitReady("the cluster with the late worker", Duration.ofMinutes(4));

        List<OrchestratedCluster.SimulatorEvent> lateJoin = cluster.simulatorEvents().stream()
                .filter(event -> event.node().equals(LATE) && event.step().startsWith("join")).toList();
        assertThat(lateJoin).extracting(OrchestratedCluster.SimulatorEvent::what)
                .as("node5 joined at its first attempt: " + lateJoin).containsExactly("started", "accepted",
                        "succeeded");
        OrchestratedCluster.SimulatorEvent accepted = lateJoin.get(1);
        assertThat(accepted.simulated()).as("node5 joined 20 minutes later").isAfter(jumpedNow.minusSeconds(5));
        Instant expires = Instant.parse(accepted.detail().replaceAll(".*expires=(\\S+).*", "$1"));
        assertThat(expires).as("a fresh token: valid when node5 used it").isAfter(accepted.simulated());
        if (releasedWhileAway) {
            assertThat(accepted.detail()).contains("id=" + beforeTheJump.path("id").asText());
            assertThat(cluster.controller().kubenodectl().audit(1000)).as("a refresh in the new time")
                    .contains("orchestration.token.refresh");
        }
        for (OrchestratedCluster.SimulatorEvent earlier : cluster.simulatorEvents()) {
            if (earlier.step().equals("join-token") && !earlier.node().equals(LATE)) {
                Instant earlierExpiry = Instant.parse(earlier.detail().replaceAll(".*expires=(\\S+).*", "$1"));
                assertThat(earlierExpiry).as("the token " + earlier.node() + " joined with would have been refused")
                        .isBefore(accepted.simulated());
            }
        }
    }

    private Instant tokenExpiresInTheSimulatedCluster(String id) throws java.io.IOException {
        Path file = cluster.clusterDir().resolve("tokens/" + id + ".json");
        if (!Files.isRegularFile(file)) {
            return Instant.EPOCH;
        }
        JsonNode token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        return Instant.parse(token.path("expires").asText());
    }

    private JsonNode token() {
        return cluster.controller().kubenodectl().orchestration().path("token");
    }

    private JsonNode node(String name) {
        for (JsonNode node : cluster.controller().kubenodectl().orchestration().path("nodes")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
