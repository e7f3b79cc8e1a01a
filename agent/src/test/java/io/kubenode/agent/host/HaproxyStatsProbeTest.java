package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict on one server from haproxy's {@code show stat} answer (as haproxy 2.6 prints it, columns trimmed). */
class HaproxyStatsProbeTest {
    private static final String HEADER = "# pxname,svname,qcur,status,weight,check_status,check_code\n";

    private static String answer(String... rows) {
        return HEADER + String.join("\n", rows) + "\n\n";
    }

    @Test
    void aServerUpWhoseLastCheckPassedIsHealthy() {
        ProbeResult result = HaproxyStatsProbe.judge(answer("apiserver,FRONTEND,,OPEN,,,",
                "apiserver,node1.internal,0,UP,1,L7OK,200", "apiserver,node2.internal,0,DOWN,1,L4CON,",
                "apiserver,BACKEND,0,UP,2,,"), "apiserver", "node1.internal");

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.detail()).isEqualTo("haproxy sees apiserver/node1.internal UP, last check L7OK");
    }

    @Test
    void aCheckInProgressCountsByTheLastOneThatFinished() {
        ProbeResult result = HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,UP,1,* L7OK,200"),
                "apiserver", "node1.internal");

        assertThat(result.healthy()).as(result.detail()).isTrue();
    }

    @Test
    void aServerDownGoingUpOrWithoutAPassedCheckIsUnhealthy() {
        assertThat(HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,DOWN,1,L4CON,"), "apiserver",
                "node1.internal")).isEqualTo(ProbeResult.unhealthy(
                        "haproxy sees apiserver/node1.internal DOWN, last check L4CON (wants UP)"));
        assertThat(HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,DOWN 1/2,1,L7OK,200"), "apiserver",
                "node1.internal").healthy()).isFalse();
        assertThat(HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,UP 2/3,1,L7STS,503"), "apiserver",
                "node1.internal").healthy()).as("up but failing its checks: going down").isFalse();
        assertThat(HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,MAINT,1,,"), "apiserver",
                "node1.internal").healthy()).isFalse();
        ProbeResult unchecked = HaproxyStatsProbe.judge(answer("apiserver,node1.internal,0,UP,1,INI,"),
                "apiserver", "node1.internal");
        assertThat(unchecked.healthy()).as("up before any check ran, as right after a restart").isFalse();
        assertThat(unchecked.detail()).endsWith("last check INI (wants a passed health check)");
    }

    @Test
    void anotherBackendsServerOfTheSameNameDoesNotCount() {
        ProbeResult result = HaproxyStatsProbe.judge(answer("other,node1.internal,0,UP,1,L7OK,200",
                "apiserver,node1.internal,0,DOWN,1,L7STS,503"), "apiserver", "node1.internal");

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("DOWN");
    }

    @Test
    void aMissingServerOrAnAnswerThatIsNotStatsIsUnhealthyAndSaysSo() {
        assertThat(HaproxyStatsProbe.judge(answer("apiserver,node2.internal,0,UP,1,L7OK,200"), "apiserver",
                "node1.internal")).isEqualTo(ProbeResult.unhealthy("haproxy has no server apiserver/node1.internal"));
        assertThat(HaproxyStatsProbe.judge("Permission denied\n\n", "apiserver", "node1.internal").detail())
                .isEqualTo("haproxy's stats answer has no header: Permission denied");
        assertThat(HaproxyStatsProbe.judge("", "apiserver", "node1.internal").healthy()).isFalse();
        assertThat(HaproxyStatsProbe.judge("# pxname,svname\napiserver,node1.internal\n", "apiserver",
                "node1.internal").detail()).contains("lacks");
    }
}
