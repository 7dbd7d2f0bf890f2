package dev.corral.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalLimiterTest {
  private static final long NOON = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();

  private static Caller caller(String id, int rpm, long tokensPerDay) {
    return new Caller(id, id, Role.USER, List.of("*"), rpm, tokensPerDay);
  }

  @Test
  void aKeyMayBurstUpToItsRateThenWaitsForTheBucketToRefill() {
    LocalLimiter limiter = new LocalLimiter(0, 0);
    Caller c = caller("ck_a", 60, 0);
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.admit(c, NOON).retryAfterSeconds()).as("request %d", i).isZero();
    }
    assertThat(limiter.admit(c, NOON)).as("Retry-After").isEqualTo(Admission.rate(1));
    assertThat(limiter.admit(c, NOON + 999).retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.admit(c, NOON + 1_000).retryAfterSeconds())
        .as("one second refills one request")
        .isZero();
    assertThat(limiter.admit(c, NOON + 1_000).retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.admit(c, NOON + 61_000).retryAfterSeconds())
        .as("after a minute the whole bucket is back")
        .isZero();
    for (int i = 1; i < 60; i++) {
      assertThat(limiter.admit(c, NOON + 61_000).retryAfterSeconds()).isZero();
    }
    assertThat(limiter.admit(c, NOON + 61_000).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void retryAfterIsInWholeSecondsRoundedUp() {
    LocalLimiter limiter = new LocalLimiter(0, 0);
    Caller slow = caller("ck_slow", 1, 0);
    assertThat(limiter.admit(slow, NOON).retryAfterSeconds()).isZero();
    assertThat(limiter.admit(slow, NOON).retryAfterSeconds()).isEqualTo(60);
    assertThat(limiter.admit(slow, NOON + 30_500).retryAfterSeconds()).isEqualTo(30);
    assertThat(limiter.admit(slow, NOON + 59_999).retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.admit(slow, NOON + 60_000).retryAfterSeconds()).isZero();

    Caller seven = caller("ck_seven", 7, 0);
    for (int i = 0; i < 7; i++) {
      limiter.admit(seven, NOON).retryAfterSeconds();
    }
    // 60/7 s = 8.57 s between requests: wait 9.
    assertThat(limiter.admit(seven, NOON).retryAfterSeconds()).isEqualTo(9);
  }

  @Test
  void keysHaveSeparateBucketsAndZeroMeansNoLimit() {
    LocalLimiter limiter = new LocalLimiter(0, 0);
    Caller a = caller("ck_a", 2, 0);
    Caller b = caller("ck_b", 2, 0);
    Caller free = caller("ck_free", 0, 0);
    assertThat(limiter.admit(a, NOON).retryAfterSeconds()).isZero();
    assertThat(limiter.admit(a, NOON).retryAfterSeconds()).isZero();
    assertThat(limiter.admit(a, NOON).retryAfterSeconds()).isPositive();
    assertThat(limiter.admit(b, NOON).retryAfterSeconds()).isZero();
    for (int i = 0; i < 100_000; i++) {
      assertThat(limiter.admit(free, NOON).retryAfterSeconds()).isZero();
    }
  }

  @Test
  void aKeyOverItsDailyTokensIsRefusedUntilTheUtcDayRolls() {
    LocalLimiter limiter = new LocalLimiter(0, 0);
    Caller c = caller("ck_q", 0, 1_000);
    assertThat(limiter.admit(c, NOON).retryAfterSeconds()).isZero();
    limiter.addTokens(c, 600, NOON);
    assertThat(limiter.admit(c, NOON).retryAfterSeconds()).isZero();
    limiter.addTokens(c, 600, NOON + 1);
    assertThat(limiter.tokensToday(c, NOON + 2)).isEqualTo(1_200);
    // Noon: twelve hours to midnight UTC.
    assertThat(limiter.admit(c, NOON + 2)).isEqualTo(Admission.quota(12 * 3600));
    long lastMilli = Instant.parse("2026-11-27T23:59:59.999Z").toEpochMilli();
    assertThat(limiter.admit(c, lastMilli).retryAfterSeconds()).isEqualTo(1);
    long midnight = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
    assertThat(limiter.admit(c, midnight).retryAfterSeconds()).isZero();
    assertThat(limiter.tokensToday(c, midnight)).isZero();
    limiter.addTokens(c, 10, midnight);
    assertThat(limiter.tokensToday(c, midnight)).isEqualTo(10);
    // A late report for yesterday does not count against today.
    limiter.addTokens(c, 5_000, NOON);
    assertThat(limiter.admit(c, midnight + 1).retryAfterSeconds()).isZero();
  }

  @Test
  void aRefusalByQuotaDoesNotUseTheRate() {
    LocalLimiter limiter = new LocalLimiter(0, 0);
    Caller c = caller("ck_both", 1, 10);
    limiter.addTokens(c, 10, NOON);
    assertThat(limiter.admit(c, NOON).rule()).isEqualTo(Admission.QUOTA);
    long midnight = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
    assertThat(limiter.admit(c, midnight)).isSameAs(Admission.ADMITTED);
    assertThat(limiter.admit(c, midnight).rule()).isEqualTo(Admission.RATE);
  }

  @Test
  void streamsAreCappedPerKeyAndInAll() {
    LocalLimiter limiter = new LocalLimiter(2, 3);
    Caller a = caller("ck_a", 0, 0);
    Caller b = caller("ck_b", 0, 0);
    assertThat(limiter.openStream(a)).isTrue();
    assertThat(limiter.openStream(a)).isTrue();
    assertThat(limiter.openStream(a)).as("per-key cap").isFalse();
    assertThat(limiter.activeStreams("ck_a")).isEqualTo(2);
    assertThat(limiter.openStream(b)).isTrue();
    assertThat(limiter.openStream(b)).as("global cap").isFalse();
    assertThat(limiter.activeStreams()).isEqualTo(3);
    assertThat(limiter.activeStreams("ck_b")).as("a refused stream is not counted").isEqualTo(1);

    limiter.closeStream(a);
    assertThat(limiter.openStream(b)).isTrue();
    limiter.closeStream(b);
    limiter.closeStream(b);
    limiter.closeStream(b);
    limiter.closeStream(caller("ck_never", 0, 0));
    assertThat(limiter.activeStreams("ck_b")).as("never below zero").isZero();
    assertThat(limiter.activeStreams()).isEqualTo(1);
    assertThat(limiter.openStream(b)).isTrue();
    assertThat(limiter.openStream(b)).isTrue();
    assertThat(limiter.openStream(b)).as("the extra closes made no room").isFalse();
  }

  @Test
  void negativeCapsAreRefused() {
    assertThatThrownBy(() -> new LocalLimiter(-1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void underContentionExactlyTheRateIsAdmittedAndCapsHold() throws Exception {
    LocalLimiter limiter = new LocalLimiter(5, 0);
    Caller c = caller("ck_hot", 1_000, 0);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 1_000; i++) {
                    if (limiter.admit(c, NOON).retryAfterSeconds() == 0) {
                      admitted.incrementAndGet();
                    }
                    if (limiter.openStream(c)) {
                      maxOpen.accumulateAndGet(limiter.activeStreams("ck_hot"), Math::max);
                      limiter.closeStream(c);
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(admitted.get()).isEqualTo(1_000);
    assertThat(maxOpen.get()).isBetween(1, 5);
    assertThat(limiter.activeStreams()).isZero();
  }
}
