package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection's timers on an embedded channel, with real time: deadlines passed by sleeping. */
class ConnectionTimersTest {

  private static EmbeddedChannel channel(ConnectionTimers timers) {
    return new EmbeddedChannel(timers);
  }

  private static void passDeadline(EmbeddedChannel ch) throws InterruptedException {
    Thread.sleep(250);
    ch.runScheduledPendingTasks();
    Thread.sleep(250);
    ch.runScheduledPendingTasks();
  }

  @Test
  void anAnswerTheClientDoesNotTakeEndsTheConnection() throws Exception {
    ConnectionTimers timers = new ConnectionTimers(Duration.ofSeconds(5), Duration.ofMillis(100));
    EmbeddedChannel ch = channel(timers);
    timers.requestStarted();
    timers.answerWritten(); // and the write never completes: the client stopped reading
    passDeadline(ch);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void anAnswerInProgressIsNotTimedHere() throws Exception {
    ConnectionTimers timers = new ConnectionTimers(Duration.ofSeconds(5), Duration.ofMillis(100));
    EmbeddedChannel ch = channel(timers);
    timers.requestStarted(); // a long generation: the upstream timeout covers it
    passDeadline(ch);
    assertThat(ch.isOpen()).isTrue();
    timers.answerWritten();
    timers.requestFinished(); // taken in time: the connection idles, kept alive
    assertThat(ch.isOpen()).isTrue();
    passDeadline(ch);
    assertThat(ch.isOpen()).isFalse(); // and idled too long
    ch.finishAndReleaseAll();
  }
}
