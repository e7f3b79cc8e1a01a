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
 * is prepared, its agent stops before its join is released, the rest of the cluster joins, the clock jumps 20
 * minutes (past the 15-minute token TTL), and only then does node5's agent come back. The token every earlier join
 * used has expired by then; node5 must join with one the controller refreshed, at its first attempt.
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

        await("node4 joined while node5's join waits for its agent").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> node(NODE4).hasNonNull("joinedAt") && node(LATE).path("phase").asText()
                        .equals("Joining"));
        String tokenId = token().path("id").asText();
        Instant validBeforeTheJump = Instant.parse(token().path("validUntil").asText());

        cluster.moveClockForward(AWAY);
        Instant jumpedNow = Instant.now().plus(AWAY);
        assertThat(validBeforeTheJump).as("the token of the earlier joins has expired in the new time")
                .isBefore(jumpedNow);
        try {
            await("the controller refreshes the token on " + NODE1 + " in the new time")
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Instant.parse(token().path("validUntil").asText()).isAfter(jumpedNow)
                            && tokenExpiresInTheSimulatedCluster(tokenId).isAfter(jumpedNow));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the token was not refreshed: controller " + token() + ", simulated cluster "
                    + tokenExpiresInTheSimulatedCluster(tokenId) + "\n" + cluster.controller().kubenodectl()
                    .output("describe", "node", NODE1), e);
        }

        cluster.restartAgent(LATE);
        cluster.awaitReady("the cluster with the late worker", Duration.ofMinutes(3));

        List<OrchestratedCluster.SimulatorEvent> lateJoin = cluster.simulatorEvents().stream()
                .filter(event -> event.node().equals(LATE) && event.step().startsWith("join")).toList();
        assertThat(lateJoin).extracting(OrchestratedCluster.SimulatorEvent::what)
                .as("node5 joined at its first attempt: " + lateJoin).containsExactly("started", "accepted",
                        "succeeded");
        OrchestratedCluster.SimulatorEvent accepted = lateJoin.get(1);
        assertThat(accepted.simulated()).as("node5 joined 20 minutes later").isAfter(jumpedNow.minusSeconds(5));
        assertThat(accepted.detail()).contains("id=" + tokenId);
        Instant expires = Instant.parse(accepted.detail().replaceAll(".*expires=(\\S+).*", "$1"));
        assertThat(expires).as("a fresh token: valid when node5 used it").isAfter(accepted.simulated());
        assertThat(validBeforeTheJump).as("the token as it was before would have been refused")
                .isBefore(accepted.simulated());
        assertThat(cluster.controller().kubenodectl().audit(1000)).as("a refresh in the new time is audited")
                .contains("orchestration.token.refresh");
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
