package io.kubenode.controller.serve;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What `kubenode-controller ready` reports when no ready answer came: the last attempt's finding. Its final attempt
 * often starts with less than a millisecond left and times out at once; that timeout must not hide what the attempts
 * before it found (ReadyCommandTest failed now and then with "no answer within the timeout" instead of "refused").
 */
class ReadyCommandLastFindingTest {
    private static final SocketTimeoutException CUT = new SocketTimeoutException("no answer within the timeout");

    @Test
    void aTimeoutOfAnAttemptTheDeadlineCutShortKeepsTheEarlierFinding() {
        assertThat(ReadyCommand.lastFinding("Connection refused", CUT, true)).isEqualTo("Connection refused");
    }

    @Test
    void aTimeoutIsReportedWhenItIsAllThereIsOrTheAttemptHadItsFullTime() {
        assertThat(ReadyCommand.lastFinding("no answer yet", CUT, true)).isEqualTo("no answer within the timeout");
        assertThat(ReadyCommand.lastFinding("Connection refused", CUT, false))
                .isEqualTo("no answer within the timeout");
    }

    @Test
    void anyOtherFailureIsTheNewFinding() {
        assertThat(ReadyCommand.lastFinding("503 not ready", new ConnectException("Connection refused"), true))
                .isEqualTo("Connection refused");
    }
}
