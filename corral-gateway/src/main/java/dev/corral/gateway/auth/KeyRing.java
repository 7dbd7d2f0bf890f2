package dev.corral.gateway.auth;

import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.gateway.policy.Role;
import dev.corral.store.ApiKeyRow;
import dev.corral.store.Store;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's {@link Authenticator}: every key of the store in memory, keyed by its HMAC, so a
 * request is checked with one HMAC and one map lookup (a few microseconds, no store access). A
 * background thread polls the store's change counter ({@link dev.corral.store.KeyTable#changes()})
 * and reloads the keys when it moves, so a revocation reaches a running gateway within one refresh
 * interval. When the store cannot be read, the last keys read stay in force and the failure is
 * counted ({@link #refreshFailures()}).
 *
 * <p>Only {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY} are accepted, exactly one
 * credential; keys in the query string and HTTP Basic are refused, as are repeated or conflicting
 * credentials. Refusal messages never repeat what the client sent.
 */
public final class KeyRing implements Authenticator, AutoCloseable {
  /** The refresh interval when none is configured: revocations apply within a second. */
  public static final Duration DEFAULT_REFRESH = Duration.ofMillis(500);

  static final AuthOutcome.Refused REQUIRED =
      new AuthOutcome.Refused(
          "auth-required", "an API key is required: send Authorization: Bearer KEY");
  static final AuthOutcome.Refused UNKNOWN =
      new AuthOutcome.Refused("key-unknown", "the API key is not valid");
  static final AuthOutcome.Refused REVOKED =
      new AuthOutcome.Refused("key-revoked", "the API key has been revoked");
  static final AuthOutcome.Refused EXPIRED =
      new AuthOutcome.Refused("key-expired", "the API key has expired");
  static final AuthOutcome.Refused IN_QUERY =
      new AuthOutcome.Refused(
          "credential-in-query",
          "credentials are not accepted in the URL: send Authorization: Bearer KEY");
  static final AuthOutcome.Refused BASIC =
      new AuthOutcome.Refused(
          "credential-basic",
          "HTTP Basic credentials are not accepted: send Authorization: Bearer KEY");
  static final AuthOutcome.Refused AMBIGUOUS =
      new AuthOutcome.Refused(
          "credential-ambiguous",
          "more than one credential: send one key, in Authorization or X-Api-Key, once");
  static final AuthOutcome.Refused SCHEME =
      new AuthOutcome.Refused(
          "auth-required", "unsupported authorization scheme: send Authorization: Bearer KEY");

  private static final String X_API_KEY = "X-Api-Key";

  private final Store store;
  private final KeyHasher hasher;
  private final Clock clock;
  private final ScheduledExecutorService refresher;
  private final ScheduledFuture<?> refreshTask;
  private final AtomicLong refreshFailures = new AtomicLong();
  private volatile Snapshot snapshot;

  private KeyRing(Store store, KeyHasher hasher, Clock clock, Duration refresh) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.snapshot = load(store);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "corral-keyring-refresh");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, refresh.toMillis());
    this.refreshTask =
        refresher.scheduleWithFixedDelay(
            this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the store's keys and starts watching it for changes.
   *
   * @param refresh how often to look for changes ({@link #DEFAULT_REFRESH} is a good choice)
   * @throws KeyException when the pepper does not match the stored keys' (see {@link KeyPepper})
   * @throws dev.corral.store.StoreException when the store cannot be read
   */
  public static KeyRing open(Store store, Duration refresh) {
    return open(store, refresh, System.getenv(), Clock.systemUTC());
  }

  static KeyRing open(Store store, Duration refresh, Map<String, String> env, Clock clock) {
    Objects.requireNonNull(store, "store");
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("the refresh interval must be positive");
    }
    return new KeyRing(store, KeyPepper.hasher(store, env, false), clock, refresh);
  }

  @Override
  public AuthOutcome authenticate(RequestHead head) {
    return authenticate(head, null);
  }

  @Override
  public AuthOutcome authenticate(RequestHead head, KeyMemo memo) {
    if (QueryCredentials.present(head.target())) {
      return IN_QUERY;
    }
    HttpHeaders headers = head.headers();
    List<String> authorizations = headers.getAll("Authorization");
    List<String> apiKeys = headers.getAll(X_API_KEY);
    if (authorizations.size() > 1 || apiKeys.size() > 1) {
      return AMBIGUOUS;
    }
    String bearer = null;
    if (!authorizations.isEmpty()) {
      String value = authorizations.get(0).strip();
      int space = firstSpace(value);
      String scheme = space < 0 ? value : value.substring(0, space);
      if (scheme.equalsIgnoreCase("Basic")) {
        return BASIC;
      }
      if (!value.isEmpty() && !scheme.equalsIgnoreCase("Bearer")) {
        return SCHEME;
      }
      bearer = space < 0 ? "" : value.substring(space + 1).strip();
    }
    String apiKey = apiKeys.isEmpty() ? null : apiKeys.get(0).strip();
    // An empty credential is no credential (some clients send "Bearer " when given no key), so it
    // neither conflicts with the other header nor stands for a key.
    if (bearer != null && bearer.isEmpty()) {
      bearer = null;
    }
    if (apiKey != null && apiKey.isEmpty()) {
      apiKey = null;
    }
    String presented;
    if (bearer != null && apiKey != null) {
      if (!MessageDigest.isEqual(bytes(bearer), bytes(apiKey))) {
        return AMBIGUOUS;
      }
      presented = bearer;
    } else {
      presented = bearer != null ? bearer : apiKey;
    }
    if (presented == null) {
      return REQUIRED;
    }
    return check(presented, memo);
  }

  /** The verdict on one presented key; {@code memo} may spare the HMAC, or be null. */
  private AuthOutcome check(String presented, KeyMemo memo) {
    if (!ApiKeys.isKey(presented)) {
      return UNKNOWN;
    }
    byte[] hash = memo == null ? null : memo.hashOf(presented);
    if (hash == null) {
      hash = hasher.hash(presented);
      if (memo != null) {
        memo.remember(presented, hash);
      }
    }
    Entry entry = snapshot.find(hash);
    if (entry == null) {
      return UNKNOWN;
    }
    if (entry.revoked) {
      return REVOKED;
    }
    if (entry.expiresAtMillis <= clock.millis()) {
      return EXPIRED;
    }
    return entry.authenticated;
  }

  /** How many keys may currently be used (not revoked, not expired). */
  public int liveKeys() {
    long now = clock.millis();
    int live = 0;
    for (Entry[] bucket : snapshot.entries.values()) {
      for (Entry e : bucket) {
        if (!e.revoked && e.expiresAtMillis > now) {
          live++;
        }
      }
    }
    return live;
  }

  /** How many refreshes failed because the store could not be read (the old keys stayed). */
  public long refreshFailures() {
    return refreshFailures.get();
  }

  /** Reads the change counter now, and reloads the keys if it moved. */
  void refresh() {
    long changes = store.keys().changes();
    if (changes != snapshot.changes) {
      snapshot = load(store);
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // A store that is down must not take the gateway down; the last keys read stay in force.
      refreshFailures.incrementAndGet();
    }
  }

  /** Stops watching the store. */
  @Override
  public void close() {
    refreshTask.cancel(true);
    refresher.shutdownNow();
  }

  private static int firstSpace(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Snapshot load(Store store) {
    // The counter first: a change that lands while the rows are read moves it again, and the next
    // refresh reloads; reading it after the rows could miss that change for good.
    long changes = store.keys().changes();
    List<ApiKeyRow> rows = store.keys().all();
    Map<Long, Entry[]> entries = new HashMap<>();
    HexFormat hex = HexFormat.of();
    for (ApiKeyRow row : rows) {
      Role role = Role.byId(row.role()).orElse(null);
      byte[] hash;
      try {
        hash = hex.parseHex(row.keyHash());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (role == null || hash.length != 32) {
        // A row this version cannot read gives no access.
        continue;
      }
      Caller caller =
          new Caller(row.id(), row.name(), role, row.models(), row.rpm(), row.tokensPerDay());
      Instant expires = row.expiresAt();
      Entry entry =
          new Entry(
              hash,
              new AuthOutcome.Authenticated(caller),
              row.revoked(),
              expires == null ? Long.MAX_VALUE : expires.toEpochMilli());
      entries.merge(
          prefix(hash),
          new Entry[] {entry},
          (a, b) -> {
            Entry[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
          });
    }
    return new Snapshot(changes, Map.copyOf(entries));
  }

  private static long prefix(byte[] hash) {
    long p = 0;
    for (int i = 0; i < 8; i++) {
      p = (p << 8) | (hash[i] & 0xff);
    }
    return p;
  }

  private static final class Entry {
    final byte[] hash;
    final AuthOutcome.Authenticated authenticated;
    final boolean revoked;
    final long expiresAtMillis;

    Entry(byte[] hash, AuthOutcome.Authenticated authenticated, boolean revoked, long expires) {
      this.hash = hash;
      this.authenticated = authenticated;
      this.revoked = revoked;
      this.expiresAtMillis = expires;
    }
  }

  /** The keys as read at one change count; replaced whole, never changed. */
  private record Snapshot(long changes, Map<Long, Entry[]> entries) {
    Entry find(byte[] hash) {
      // The map is keyed by the hash's first 8 bytes; the whole hash is then compared in constant
      // time. Timing can only tell about HMAC outputs, which say nothing about keys without the
      // pepper.
      Entry[] bucket = entries.get(prefix(hash));
      if (bucket == null) {
        return null;
      }
      Entry found = null;
      for (Entry e : bucket) {
        if (MessageDigest.isEqual(e.hash, hash)) {
          found = e;
        }
      }
      return found;
    }
  }
}
