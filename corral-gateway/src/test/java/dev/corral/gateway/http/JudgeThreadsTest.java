package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JudgeThreadsTest {

  @Test
  void refusesWorkBeyondItsThreadsAndQueueAndTakesMoreOnceFree() throws Exception {
    JudgeThreads judges = new JudgeThreads(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(2);
    assertThat(
            judges.submit(
                () -> {
                  started.countDown();
                  await(release);
                  ran.countDown();
                }))
        .isTrue();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(judges.submit(ran::countDown)).isTrue(); // waits in the queue
    assertThat(judges.submit(() -> {})).isFalse(); // thread busy, queue full
    release.countDown();
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch later = new CountDownLatch(1);
    assertThat(judges.submit(later::countDown)).isTrue();
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void itsThreadsAreDaemonsNamedForTheirJob() throws Exception {
    JudgeThreads judges = JudgeThreads.perProcessor();
    CountDownLatch done = new CountDownLatch(1);
    Thread[] seen = new Thread[1];
    assertThat(
            judges.submit(
                () -> {
                  seen[0] = Thread.currentThread();
                  done.countDown();
                }))
        .isTrue();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen[0].isDaemon()).isTrue();
    assertThat(seen[0].getName()).startsWith("corral-judge-");
  }

  @Test
  void onlySmallBodiesWithoutImagesAreJudgedOnTheLoop() {
    assertThat(inline("{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}")).isTrue();
    assertThat(inline("{\"model\":\"x\",\"prompt\":\"" + "a".repeat(20_000) + "\"}")).isFalse();
    for (String body :
        List.of(
            "{\"model\":\"x\",\"images\":[\"/9j/\"]}",
            "{\"model\":\"x\",\"IMAGES\":[\"/9j/\"]}",
            "{\"model\":\"x\",\"messages\":[{\"content\":[{\"type\":\"image_url\"}]}]}",
            "{\"model\":\"x\",\"input\":[{\"type\":\"input_image\"}]}",
            "{\"model\":\"x\",\"messages\":[{\"content\":[{\"type\":\"Image\"}]}]}",
            "{\"model\":\"x\",\"\\u0069mages\":[]}",
            "{\"model\":\"x\",\"i\\u006dages\":[]}")) {
      assertThat(inline(body)).as(body).isFalse();
    }
  }

  private static boolean inline(String body) {
    return JudgeThreads.mayJudgeInline(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
