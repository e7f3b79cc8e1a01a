package io.kubenode.agent.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LatestWinsTest {

    @Test
    void aNewerValueReplacesAnUnsentOne() throws Exception {
        LatestWins<String> slot = new LatestWins<>();
        slot.offer("pass 1");
        slot.offer("pass 2");
        slot.offer("pass 3");

        assertThat(slot.take()).isEqualTo("pass 3");
        assertThat(slot.peek()).isEmpty();
    }

    @Test
    void aValuePutBackAfterAFailedSendLosesToANewerOne() throws Exception {
        LatestWins<String> slot = new LatestWins<>();
        slot.offer("old");
        String unsent = slot.take();
        slot.offer("newer");
        slot.putBack(unsent);

        assertThat(slot.take()).isEqualTo("newer");
    }

    @Test
    void aValuePutBackIsSentWhenNothingNewerCame() throws Exception {
        LatestWins<String> slot = new LatestWins<>();
        slot.offer("only");
        slot.putBack(slot.take());

        assertThat(slot.take()).isEqualTo("only");
    }

    @Test
    void takeWaitsForAValue() throws Exception {
        LatestWins<String> slot = new LatestWins<>();
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return slot.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(Duration.ofMillis(100).toMillis());
        assertThat(taken).isNotDone();

        slot.offer("late");

        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }
}
