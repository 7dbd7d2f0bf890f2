package dev.corral.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.gateway.policy.Role;
import dev.corral.store.Store;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the key ring does on every store; subclasses say where the databases are. */
abstract class KeyRingContract {
  static final Map<String, String> NO_ENV = Map.of();

  private GatewayTestStores stores;
  private final List<AutoCloseable> opened = new ArrayList<>();

  abstract GatewayTestStores stores();

  @BeforeEach
  void setUpStores() {
    stores = stores();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    stores.close();
  }

  <T extends AutoCloseable> T keep(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  Store store(String location) {
    return keep(Store.open(location));
  }

  static KeySpec spec(String name) {
    return new KeySpec(name, Role.USER, List.of("llama3*"), 60, 1_000, null);
  }

  static RequestHead head(String target, String... headerPairs) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return new RequestHead("POST", target, headers, "127.0.0.1:40000", false);
  }

  static String rule(AuthOutcome outcome) {
    return outcome instanceof AuthOutcome.Refused r ? r.rule() : "authenticated";
  }

  @Test
  void aBearerKeyOrAnXApiKeyAuthenticatesAsItsCaller() {
    Store store = store(stores.fresh());
    KeyAdmin admin = new KeyAdmin(store, NO_ENV, Clock.systemUTC());
    IssuedKey alice =
        admin.create(
            new KeySpec("alice", Role.ADMIN, List.of("llama3*", "qwen*"), 30, 5_000, null));
    KeyRing ring = keep(KeyRing.open(store, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));

    Caller expected =
        new Caller(alice.id(), "alice", Role.ADMIN, List.of("llama3*", "qwen*"), 30, 5_000);
    assertThat(ring.authenticate(head("/api/chat", "Authorization", "Bearer " + alice.key())))
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(ring.authenticate(head("/api/chat", "authorization", "bearer   " + alice.key())))
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(ring.authenticate(head("/api/chat", "X-Api-Key", alice.key())))
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(
            ring.authenticate(
                head(
                    "/v1/chat/completions?stream=true",
                    "Authorization",
                    "Bearer " + alice.key(),
                    "x-api-key",
                    alice.key())))
        .as("the same key twice, in both places, is one credential")
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(
            ring.authenticate(
                head("/api/chat", "Authorization", "Bearer ", "X-Api-Key", alice.key())))
        .as("an empty Bearer is no credential, so the X-Api-Key is the only one")
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(
            ring.authenticate(
                head("/api/chat", "Authorization", "Bearer " + alice.key(), "X-Api-Key", "")))
        .isEqualTo(new AuthOutcome.Authenticated(expected));
    assertThat(ring.liveKeys()).isEqualTo(1);
  }

  @Test
  void everyWrongCredentialIsRefusedByItsRuleWithoutEchoingIt() {
    Store store = store(stores.fresh());
    KeyAdmin admin = new KeyAdmin(store, NO_ENV, Clock.systemUTC());
    String key = admin.create(spec("bob")).key();
    String other = admin.create(spec("carol")).key();
    KeyRing ring = keep(KeyRing.open(store, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));
    String basic =
        Base64.getEncoder().encodeToString(("x:" + key).getBytes(StandardCharsets.US_ASCII));
    String altered = key.substring(0, 20) + (key.charAt(20) == '0' ? '1' : '0') + key.substring(21);
    String encodedKey = key.replace("_", "%5F");

    Object[][] cases = {
      {head("/api/tags"), "auth-required"},
      {head("/api/tags", "Authorization", ""), "auth-required"},
      {head("/api/tags", "Authorization", "Bearer"), "auth-required"},
      {head("/api/tags", "Authorization", "Bearer    "), "auth-required"},
      {head("/api/tags", "X-Api-Key", ""), "auth-required"},
      {head("/api/tags", "Authorization", "Token " + key), "auth-required"},
      {head("/api/tags", "Authorization", "Basic " + basic), "credential-basic"},
      {head("/api/tags", "Authorization", "basic " + basic), "credential-basic"},
      {head("/api/tags", "Authorization", "Bearer " + altered), "key-unknown"},
      {head("/api/tags", "Authorization", "Bearer " + key + "x"), "key-unknown"},
      {
        head("/api/tags", "Authorization", "Bearer " + key.toUpperCase(java.util.Locale.ROOT)),
        "key-unknown"
      },
      {head("/api/tags", "Authorization", "Bearer sk-1234"), "key-unknown"},
      {head("/api/tags", "Authorization", "Bearer " + key + " " + key), "key-unknown"},
      {
        head("/api/tags", "Authorization", "Bearer " + key, "X-Api-Key", other),
        "credential-ambiguous"
      },
      {
        head("/api/tags", "Authorization", "Bearer " + key, "Authorization", "Bearer " + key),
        "credential-ambiguous"
      },
      {head("/api/tags", "X-Api-Key", key, "X-Api-Key", key), "credential-ambiguous"},
      {head("/api/tags?key=" + key), "credential-in-query"},
      {head("/api/tags?api_key=whatever", "Authorization", "Bearer " + key), "credential-in-query"},
      {head("/api/tags?TOKEN=x", "Authorization", "Bearer " + key), "credential-in-query"},
      {head("/api/tags?access_token", "Authorization", "Bearer " + key), "credential-in-query"},
      {
        head("/api/tags?a=1&x=" + encodedKey, "Authorization", "Bearer " + key),
        "credential-in-query"
      },
      {head("/api/tags?a=1;k=" + key, "Authorization", "Bearer " + key), "credential-in-query"},
      {head("/api/tags?" + key, "Authorization", "Bearer " + key), "credential-in-query"},
      {head("/api/" + key, "Authorization", "Bearer " + key), "credential-in-query"},
      {head("/api/" + encodedKey + "/tags"), "credential-in-query"},
      {
        head("/api/CORRAL_" + key.substring(7).toUpperCase(java.util.Locale.ROOT)),
        "credential-in-query"
      },
    };
    for (Object[] c : cases) {
      RequestHead h = (RequestHead) c[0];
      AuthOutcome outcome = ring.authenticate(h);
      assertThat(rule(outcome)).as(h.target() + " " + h.headers().entries()).isEqualTo(c[1]);
      AuthOutcome.Refused refused = (AuthOutcome.Refused) outcome;
      assertThat(refused.message())
          .doesNotContain(key.substring(7, 20), other.substring(7, 20), basic, "whatever");
    }
    // A harmless query string does not get in the way.
    assertThat(
            ring.authenticate(
                head("/api/tags?stream=false&model=llama3", "Authorization", "Bearer " + key)))
        .isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void aRevocationReachesARunningRingWithinASecond() throws Exception {
    String location = stores.fresh();
    Store cli = store(location);
    Store gateway = store(location);
    KeyAdmin admin = new KeyAdmin(cli, NO_ENV, Clock.systemUTC());
    IssuedKey key = admin.create(spec("dave"));
    KeyRing ring = keep(KeyRing.open(gateway, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));
    RequestHead request = head("/api/chat", "Authorization", "Bearer " + key.key());
    assertThat(ring.authenticate(request)).isInstanceOf(AuthOutcome.Authenticated.class);

    assertThat(admin.revoke(key.id())).isTrue();
    // From the moment the revocation is committed.
    long revoked = System.nanoTime();
    while (!rule(ring.authenticate(request)).equals("key-revoked")) {
      assertThat(Duration.ofNanos(System.nanoTime() - revoked))
          .as("time for the revocation to reach the ring")
          .isLessThan(Duration.ofSeconds(1));
      Thread.sleep(10);
    }
    assertThat(admin.revoke(key.id())).as("already revoked").isFalse();

    // A key made after the ring started works as soon as the ring has seen it.
    IssuedKey late = admin.create(spec("erin"));
    RequestHead lateRequest = head("/api/chat", "X-Api-Key", late.key());
    long created = System.nanoTime();
    while (!(ring.authenticate(lateRequest) instanceof AuthOutcome.Authenticated)) {
      assertThat(Duration.ofNanos(System.nanoTime() - created)).isLessThan(Duration.ofSeconds(1));
      Thread.sleep(10);
    }
  }

  @Test
  void aConnectionsKeyMemoNeverChangesAVerdict() throws Exception {
    String location = stores.fresh();
    Store cli = store(location);
    KeyAdmin admin = new KeyAdmin(cli, NO_ENV, Clock.systemUTC());
    IssuedKey alice = admin.create(spec("alice"));
    IssuedKey bob = admin.create(spec("bob"));
    KeyRing ring =
        keep(KeyRing.open(store(location), KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));
    KeyMemo memo = new KeyMemo();
    RequestHead asAlice = head("/api/chat", "Authorization", "Bearer " + alice.key());
    RequestHead asBob = head("/api/chat", "X-Api-Key", bob.key());
    char last = alice.key().charAt(alice.key().length() - 1);
    String nearMiss =
        alice.key().substring(0, alice.key().length() - 1) + (last == 'a' ? 'b' : 'a');
    RequestHead asNearMiss = head("/api/chat", "Authorization", "Bearer " + nearMiss);

    // The same answers, in any order, as without a memo.
    for (RequestHead request : List.of(asAlice, asAlice, asBob, asAlice, asNearMiss, asAlice)) {
      assertThat(ring.authenticate(request, memo)).isEqualTo(ring.authenticate(request));
    }
    assertThat(((AuthOutcome.Authenticated) ring.authenticate(asAlice, memo)).caller().name())
        .isEqualTo("alice");
    assertThat(rule(ring.authenticate(asNearMiss, memo))).isEqualTo("key-unknown");
    assertThat(((AuthOutcome.Authenticated) ring.authenticate(asBob, memo)).caller().name())
        .isEqualTo("bob");

    // The memo keeps a hash, not a verdict: a revocation applies to the remembered key too.
    assertThat(ring.authenticate(asAlice, memo)).isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(admin.revoke(alice.id())).isTrue();
    long revoked = System.nanoTime();
    while (!rule(ring.authenticate(asAlice, memo)).equals("key-revoked")) {
      assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
      Thread.sleep(10);
    }
    assertThat(ring.authenticate(asBob, memo)).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void rotationRevokesTheOldKeyAndTheNewOneKeepsTheSettings() {
    Store store = store(stores.fresh());
    TestClock clock = new TestClock(Instant.parse("2026-11-27T12:00:00Z"));
    KeyAdmin admin = new KeyAdmin(store, NO_ENV, clock);
    IssuedKey old =
        admin.create(
            new KeySpec("frank", Role.USER, List.of("qwen*"), 10, 99, Duration.ofDays(30)));
    clock.advance(Duration.ofDays(10));
    IssuedKey fresh = admin.rotate(old.id());
    KeyRing ring = keep(KeyRing.open(store, KeyRing.DEFAULT_REFRESH, NO_ENV, clock));

    assertThat(rule(ring.authenticate(head("/", "X-Api-Key", old.key())))).isEqualTo("key-revoked");
    AuthOutcome outcome = ring.authenticate(head("/", "X-Api-Key", fresh.key()));
    assertThat(outcome)
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Caller(fresh.id(), "frank", Role.USER, List.of("qwen*"), 10, 99)));
    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(fresh.row().rotatedFrom()).isEqualTo(old.id());
    assertThat(fresh.row().expiresAt())
        .as("the same 30-day lifetime, from the rotation")
        .isEqualTo(Instant.parse("2027-01-06T12:00:00Z"));
    assertThatThrownBy(() -> admin.rotate(old.id()))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("is revoked");
  }

  @Test
  void anExpiredKeyIsRefusedAtItsExpiryWithoutARefresh() {
    Store store = store(stores.fresh());
    TestClock clock = new TestClock(Instant.parse("2026-11-27T12:00:00Z"));
    KeyAdmin admin = new KeyAdmin(store, NO_ENV, clock);
    IssuedKey key =
        admin.create(new KeySpec("gina", Role.USER, List.of("*"), 0, 0, Duration.ofHours(12)));
    KeyRing ring = keep(KeyRing.open(store, Duration.ofHours(1), NO_ENV, clock));
    RequestHead request = head("/api/tags", "Authorization", "Bearer " + key.key());

    clock.advance(Duration.ofHours(12).minusMillis(1));
    assertThat(ring.authenticate(request)).isInstanceOf(AuthOutcome.Authenticated.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(rule(ring.authenticate(request))).isEqualTo("key-expired");
    assertThat(ring.liveKeys()).isZero();
  }

  @Test
  void theRingAnswersFromMemoryEvenWhenTheStoreIsGone() {
    String location = stores.fresh();
    Store store = Store.open(location);
    String key = new KeyAdmin(store, NO_ENV, Clock.systemUTC()).create(spec("hal")).key();
    KeyRing ring = keep(KeyRing.open(store, Duration.ofMillis(20), NO_ENV, Clock.systemUTC()));
    RequestHead request = head("/api/chat", "Authorization", "Bearer " + key);
    store.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ring.refreshFailures() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(ring.refreshFailures()).as("refreshes fail while the store is closed").isPositive();
    assertThat(ring.authenticate(request)).isInstanceOf(AuthOutcome.Authenticated.class);

    // Many checks in a row: an HMAC and a lookup each, microseconds, no database.
    int n = 200_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (!(ring.authenticate(request) instanceof AuthOutcome.Authenticated)) {
        throw new AssertionError("refused at " + i);
      }
    }
    long perCheckNanos = (System.nanoTime() - start) / n;
    assertThat(perCheckNanos).as("nanoseconds per check").isLessThan(50_000);
  }

  @Test
  void gatewaysSharingAStoreAgreeOnThePepperAndAWrongOneIsNamed() {
    String location = stores.fresh();
    Store one = store(location);
    Store two = store(location);
    String key = new KeyAdmin(one, NO_ENV, Clock.systemUTC()).create(spec("ivy")).key();
    KeyRing ring = keep(KeyRing.open(two, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));
    assertThat(ring.authenticate(head("/", "X-Api-Key", key)))
        .isInstanceOf(AuthOutcome.Authenticated.class);

    Map<String, String> otherPepper = Map.of(KeyPepper.ENV, "p".repeat(40));
    assertThatThrownBy(
            () -> KeyRing.open(two, KeyRing.DEFAULT_REFRESH, otherPepper, Clock.systemUTC()))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("were made with another pepper than " + KeyPepper.ENV)
        .hasMessageNotContaining("p".repeat(40));
    assertThatThrownBy(() -> new KeyAdmin(one, otherPepper, Clock.systemUTC()).create(spec("jack")))
        .isInstanceOf(KeyException.class);
    assertThatThrownBy(
            () ->
                KeyRing.open(
                    two,
                    KeyRing.DEFAULT_REFRESH,
                    Map.of(KeyPepper.ENV, "short"),
                    Clock.systemUTC()))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith(KeyPepper.ENV + " is too short");
  }

  @Test
  void gatewaysStartingAtOnceOnAnEmptyStoreAgreeOnOnePepper() throws Exception {
    String location = stores.fresh();
    store(location).close();
    int gateways = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(gateways);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<String>> fingerprints = new ArrayList<>();
    try {
      for (int i = 0; i < gateways; i++) {
        fingerprints.add(
            pool.submit(
                () -> {
                  try (Store s = Store.open(location)) {
                    go.await();
                    return KeyPepper.hasher(s, NO_ENV, false).fingerprint();
                  }
                }));
      }
      go.countDown();
      java.util.Set<String> distinct = new java.util.HashSet<>();
      for (var f : fingerprints) {
        distinct.add(f.get());
      }
      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void noInputMakesTheRingThrow() {
    Store store = store(stores.fresh());
    String key = new KeyAdmin(store, NO_ENV, Clock.systemUTC()).create(spec("fuzz")).key();
    KeyRing ring = keep(KeyRing.open(store, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()));
    java.util.Random random = new java.util.Random(42);
    String[] pieces = {
      "Bearer ",
      "bearer",
      "Basic ",
      " ",
      "\t",
      key,
      key.substring(0, 30),
      "corral_",
      "%",
      "%5f",
      "?",
      "&",
      "=",
      ";",
      "#",
      "key",
      "token",
      "é",
      "\u0000",
      "\uD800",
      ",",
      "\"",
      "ck_",
      "0",
      "g"
    };
    int authenticated = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder target = new StringBuilder("/api/chat");
      StringBuilder value = new StringBuilder();
      for (int p = random.nextInt(6); p > 0; p--) {
        target.append(pieces[random.nextInt(pieces.length)]);
        value.append(pieces[random.nextInt(pieces.length)]);
      }
      String header = random.nextBoolean() ? "Authorization" : "X-Api-Key";
      RequestHead h;
      try {
        h = head(target.toString(), header, value.toString());
      } catch (IllegalArgumentException netty) {
        continue;
      }
      AuthOutcome outcome = ring.authenticate(h);
      if (outcome instanceof AuthOutcome.Authenticated) {
        authenticated++;
        assertThat(value.toString().strip()).endsWith(key);
      } else {
        assertThat(((AuthOutcome.Refused) outcome).message()).doesNotContain(key.substring(7));
      }
    }
    assertThat(authenticated).as("some random requests carried the key properly").isPositive();
  }

  @Test
  void aPepperFromTheEnvironmentIsNeverStored() throws Exception {
    String location = stores.fresh();
    Store store = store(location);
    String pepper = "0123456789abcdef0123456789abcdef-env";
    Map<String, String> env = Map.of(KeyPepper.ENV, pepper);
    String key = new KeyAdmin(store, env, Clock.systemUTC()).create(spec("kim")).key();
    KeyRing ring = keep(KeyRing.open(store, KeyRing.DEFAULT_REFRESH, env, Clock.systemUTC()));
    assertThat(ring.authenticate(head("/", "X-Api-Key", key)))
        .isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(store.keys().secret(KeyPepper.SECRET)).as("no pepper row").isEmpty();
    assertThat(store.keys().all().get(0).keyHash()).isEqualTo(KnownHmac.hex(pepper, key));
    assertThatThrownBy(
            () -> KeyRing.open(store, KeyRing.DEFAULT_REFRESH, NO_ENV, Clock.systemUTC()))
        .as("without the variable, the stored pepper would not match")
        .isInstanceOf(KeyException.class);
  }
}
