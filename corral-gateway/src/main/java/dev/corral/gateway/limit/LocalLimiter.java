package dev.corral.gateway.limit;

import dev.corral.gateway.policy.Caller;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link Limiter} of one gateway instance: counters in memory, lock-free (compare-and-set on
 * per-key atomics), one small state object per key that has been seen, so memory is bounded by the
 * number of keys.
 *
 * <ul>
 *   <li>Requests per minute: a token bucket of {@code rpm} requests refilled evenly over a minute,
 *       kept as one number (the generic cell rate algorithm's theoretical arrival time), so a key
 *       may burst up to its rpm and then gets one request every {@code 60/rpm} seconds.
 *   <li>Tokens per day: counted per UTC day from what Ollama reported ({@link #addTokens}); once a
 *       key has used its quota, its requests are refused until the day rolls over. The request that
 *       crosses the quota is not cut short: its tokens are only known at its end.
 *   <li>Streams: at most {@code maxStreamsPerKey} open at once per key and {@code maxStreams} in
 *       all; 0 means no cap.
 * </ul>
 *
 * A limiter shared by several gateways (Redis) implements the same interface with the same
 * algorithms on server-side counters; see docs/keys.md.
 */
public final class LocalLimiter implements Limiter {
  private static final long MINUTE_MICROS = 60_000_000L;
  private static final long DAY_MILLIS = 86_400_000L;

  private final int maxStreamsPerKey;
  private final int maxStreams;
  private final AtomicInteger streams = new AtomicInteger();
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();

  /**
   * @param maxStreamsPerKey concurrent streams per key, 0 = no cap
   * @param maxStreams concurrent streams in all, 0 = no cap
   */
  public LocalLimiter(int maxStreamsPerKey, int maxStreams) {
    if (maxStreamsPerKey < 0 || maxStreams < 0) {
      throw new IllegalArgumentException(
          "stream caps are not negative (0 = no cap): " + maxStreamsPerKey + ", " + maxStreams);
    }
    this.maxStreamsPerKey = maxStreamsPerKey;
    this.maxStreams = maxStreams;
  }

  @Override
  public Admission admit(Caller caller, long nowMillis) {
    KeyState state = state(caller);
    if (caller.tokensPerDay() > 0) {
      long day = Math.floorDiv(nowMillis, DAY_MILLIS);
      DayCount count = state.tokens.get();
      if (count.day == day && count.tokens >= caller.tokensPerDay()) {
        long untilMidnight = (day + 1) * DAY_MILLIS - nowMillis;
        return Admission.quota(seconds(untilMidnight * 1000));
      }
    }
    int rpm = caller.requestsPerMinute();
    if (rpm <= 0) {
      return Admission.ADMITTED;
    }
    long now = nowMillis * 1000;
    long interval = MINUTE_MICROS / rpm;
    long tolerance = MINUTE_MICROS - interval;
    while (true) {
      long tat = state.arrival.get();
      long start = Math.max(tat, now);
      long wait = start - tolerance - now;
      if (wait > 0) {
        return Admission.rate(seconds(wait));
      }
      if (state.arrival.compareAndSet(tat, start + interval)) {
        return Admission.ADMITTED;
      }
    }
  }

  @Override
  public void addTokens(Caller caller, long tokens, long nowMillis) {
    if (tokens <= 0) {
      return;
    }
    KeyState state = state(caller);
    long day = Math.floorDiv(nowMillis, DAY_MILLIS);
    state.tokens.updateAndGet(
        c ->
            c.day == day
                ? new DayCount(day, saturatedAdd(c.tokens, tokens))
                : c.day < day ? new DayCount(day, tokens) : c);
  }

  /** Tokens counted for the caller on the UTC day of {@code nowMillis}. */
  public long tokensToday(Caller caller, long nowMillis) {
    KeyState state = keys.get(caller.keyId());
    if (state == null) {
      return 0;
    }
    DayCount count = state.tokens.get();
    return count.day == Math.floorDiv(nowMillis, DAY_MILLIS) ? count.tokens : 0;
  }

  @Override
  public boolean openStream(Caller caller) {
    if (!increment(streams, maxStreams)) {
      return false;
    }
    if (!increment(state(caller).streams, maxStreamsPerKey)) {
      decrement(streams);
      return false;
    }
    return true;
  }

  @Override
  public void closeStream(Caller caller) {
    KeyState state = keys.get(caller.keyId());
    if (state != null && decrement(state.streams)) {
      decrement(streams);
    }
  }

  /** Streams open now, all keys together. */
  public int activeStreams() {
    return streams.get();
  }

  /** Streams open now for one key. */
  public int activeStreams(String keyId) {
    KeyState state = keys.get(keyId);
    return state == null ? 0 : state.streams.get();
  }

  private KeyState state(Caller caller) {
    KeyState state = keys.get(caller.keyId());
    return state != null ? state : keys.computeIfAbsent(caller.keyId(), id -> new KeyState());
  }

  private static boolean increment(AtomicInteger counter, int cap) {
    while (true) {
      int n = counter.get();
      if (cap > 0 && n >= cap) {
        return false;
      }
      if (counter.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Decrements unless at zero (a close without an open must not make room for an extra stream). */
  private static boolean decrement(AtomicInteger counter) {
    while (true) {
      int n = counter.get();
      if (n <= 0) {
        return false;
      }
      if (counter.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  /** Whole seconds for Retry-After, rounded up, at least 1. */
  private static long seconds(long micros) {
    return Math.max(1, (micros + 999_999) / 1_000_000);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private record DayCount(long day, long tokens) {}

  private static final class KeyState {
    /** The token bucket as a theoretical arrival time, in microseconds since the epoch. */
    final AtomicLong arrival = new AtomicLong(Long.MIN_VALUE);

    final AtomicReference<DayCount> tokens = new AtomicReference<>(new DayCount(Long.MIN_VALUE, 0));
    final AtomicInteger streams = new AtomicInteger();
  }
}
