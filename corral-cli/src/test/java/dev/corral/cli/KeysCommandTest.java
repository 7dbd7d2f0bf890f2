package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import dev.corral.gateway.auth.AuthOutcome;
import dev.corral.gateway.auth.KeyRing;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.store.Store;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral keys}, through the real command line, on a real SQLite file. */
class KeysCommandTest {
  @TempDir Path dir;

  private String db() {
    return dir.resolve("keys.db").toString();
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  private static AuthOutcome check(String db, String key) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.add("Authorization", "Bearer " + key);
    try (Store store = Store.open(db);
        KeyRing ring = KeyRing.open(store, KeyRing.DEFAULT_REFRESH)) {
      return ring.authenticate(new RequestHead("POST", "/api/chat", headers, "127.0.0.1:1", false));
    }
  }

  @Test
  void aKeyMadeOnTheCommandLineAuthenticatesAtTheGateway() throws Exception {
    CliRun created =
        CliRun.of(
            "keys",
            "create",
            "--name",
            "alice",
            "--models",
            "llama3*,qwen2.5:*",
            "--rpm",
            "60",
            "--tokens-per-day",
            "100000",
            "--json",
            "--db",
            db());
    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode node = json(created.out());
    String id = node.get("id").asText();
    String key = node.get("key").asText();
    assertThat(id).matches("ck_[0-9a-z]{12}");
    assertThat(key).matches("corral_[0-9a-z]{52}");
    assertThat(node.get("name").asText()).isEqualTo("alice");

    AuthOutcome outcome = check(db(), key);
    assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
    var caller = ((AuthOutcome.Authenticated) outcome).caller();
    assertThat(caller.keyId()).isEqualTo(id);
    assertThat(caller.modelGlobs()).containsExactly("llama3*", "qwen2.5:*");
    assertThat(caller.requestsPerMinute()).isEqualTo(60);
    assertThat(caller.tokensPerDay()).isEqualTo(100_000);

    CliRun list = CliRun.of("keys", "list", "--json", "--db", db());
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode rows = json(list.out());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("id").asText()).isEqualTo(id);
    assertThat(rows.get(0).get("role").asText()).isEqualTo("user");
    assertThat(rows.get(0).get("status").asText()).isEqualTo("active");
    assertThat(rows.get(0).get("expires_at").isNull()).isTrue();
    String hash;
    try (Store store = Store.open(db())) {
      hash = store.keys().all().get(0).keyHash();
    }
    assertThat(list.out()).doesNotContain(key.substring(7), hash).doesNotContain("hash");
    CliRun table = CliRun.of("keys", "list", "--db", db());
    assertThat(table.out())
        .contains(id, "alice", "llama3*,qwen2.5:*", "60", "100000", "active", "never")
        .doesNotContain(key.substring(7), hash);
  }

  @Test
  void theHumanFormShowsTheKeyOnItsOwnLineWithAWarning() {
    CliRun created = CliRun.of("keys", "create", "--name", "bob", "--db", db());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out().lines().filter(l -> l.matches("corral_[0-9a-z]{52}")).count())
        .isEqualTo(1);
    assertThat(created.out())
        .contains("shown only once")
        .contains("role user, models *, no rate limit, no token quota, never expires");
  }

  @Test
  void revokingAndRotatingThroughTheCommandLine() throws Exception {
    JsonNode first =
        json(
            CliRun.of(
                    "keys", "create", "--name", "carol", "--expires", "30d", "--json", "--db", db())
                .out());
    String id = first.get("id").asText();
    String key = first.get("key").asText();

    CliRun rotated = CliRun.of("keys", "rotate", id, "--json", "--db", db());
    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    JsonNode second = json(rotated.out());
    String newId = second.get("id").asText();
    String newKey = second.get("key").asText();
    assertThat(newId).isNotEqualTo(id);
    assertThat(second.get("name").asText()).isEqualTo("carol");
    assertThat(second.get("rotated_from").asText()).isEqualTo(id);
    assertThat(check(db(), key))
        .isEqualTo(new AuthOutcome.Refused("key-revoked", "the API key has been revoked"));
    assertThat(check(db(), newKey)).isInstanceOf(AuthOutcome.Authenticated.class);

    JsonNode rows = json(CliRun.of("keys", "list", "--json", "--db", db()).out());
    assertThat(rows.get(0).get("status").asText()).isEqualTo("revoked");
    assertThat(rows.get(1).get("status").asText()).isEqualTo("active");
    Instant expires = Instant.parse(rows.get(1).get("expires_at").asText());
    assertThat(Duration.between(Instant.now(), expires))
        .isBetween(Duration.ofDays(30).minusMinutes(5), Duration.ofDays(30));

    CliRun revoked = CliRun.of("keys", "revoke", newId, "--db", db());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(revoked.out()).isEqualTo("Revoked key " + newId + "." + System.lineSeparator());
    assertThat(check(db(), newKey)).isInstanceOf(AuthOutcome.Refused.class);
    CliRun again = CliRun.of("keys", "revoke", newId, "--db", db());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("already revoked");

    CliRun rotateRevoked = CliRun.of("keys", "rotate", newId, "--db", db());
    assertThat(rotateRevoked.exitCode()).isEqualTo(1);
    assertThat(rotateRevoked.err()).contains("key " + newId + " is revoked");
  }

  @Test
  void badArgumentsAreNamedAndFail() throws Exception {
    String key;
    {
      CliRun made = CliRun.of("keys", "create", "--name", "dave", "--json", "--db", db());
      key = made.out().replaceAll("(?s).*\"key\" : \"([^\"]+)\".*", "$1");
      assertThat(key).startsWith("corral_");
    }
    Object[][] cases = {
      {
        new String[] {"keys", "create", "--name", "x", "--role", "root"},
        2,
        "--role: unknown role 'root'"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--models", "llama3,bad glob"},
        2,
        "--models: bad glob 'bad glob'"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--models", "llama3,,qwen"},
        2,
        "--models: an empty model glob"
      },
      {new String[] {"keys", "create", "--name", "x", "--rpm", "-1"}, 2, "--rpm: -1 is negative"},
      {
        new String[] {"keys", "create", "--name", "x", "--models", "a/b/c/d"},
        2,
        "--models: bad glob 'a/b/c/d': at most"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--models", "llama3:"},
        2,
        "--models: bad glob 'llama3:': the tag"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--models", "hf.co//m"},
        2,
        "--models: bad glob 'hf.co//m': it has an empty part"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--rpm", "1000001"},
        2,
        "--rpm: 1000001 is more than 1000000"
      },
      {new String[] {"keys", "create", "--name", "x", "--rpm", "many"}, 2, "--rpm"},
      {
        new String[] {"keys", "create", "--name", "x", "--tokens-per-day", "-5"},
        2,
        "--tokens-per-day: -5 is negative"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--expires", "5x"},
        2,
        "--expires: invalid duration '5x'"
      },
      {
        new String[] {"keys", "create", "--name", "x", "--expires", "0"},
        2,
        "--expires: the key must live"
      },
      {new String[] {"keys", "create", "--name", " "}, 2, "--name: a key needs a name"},
      {new String[] {"keys", "create"}, 2, "--name"},
      {new String[] {"keys", "revoke", "ck_000000000000"}, 1, "no key ck_000000000000 in"},
      {new String[] {"keys", "rotate", "ck_000000000000"}, 1, "no key ck_000000000000 in"},
      {new String[] {"keys", "revoke", "alice"}, 2, "ID: 'alice' is not a key id"},
      {new String[] {"keys", "revoke", key}, 2, "ID: that is a key, not a key id"},
      {new String[] {"keys"}, 2, "Missing command"},
    };
    for (Object[] c : cases) {
      String[] args = (String[]) c[0];
      String[] withDb = java.util.Arrays.copyOf(args, args.length + 2);
      withDb[args.length] = "--db";
      withDb[args.length + 1] = db();
      CliRun run = CliRun.of(args.length == 1 ? args : withDb);
      assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(c[1]);
      assertThat(run.err()).as(String.join(" ", args)).contains((String) c[2]);
      assertThat(run.err()).doesNotContain(key.substring(7));
    }
    assertThat(json(CliRun.of("keys", "list", "--json", "--db", db()).out().strip()).size())
        .as("no failed command made a key")
        .isEqualTo(1);
  }

  @Test
  void anExpiredKeyIsListedAsExpiredAndRefused() throws Exception {
    JsonNode made =
        json(
            CliRun.of(
                    "keys",
                    "create",
                    "--name",
                    "brief",
                    "--expires",
                    "50ms",
                    "--json",
                    "--db",
                    db())
                .out());
    Thread.sleep(100);
    JsonNode rows = json(CliRun.of("keys", "list", "--json", "--db", db()).out());
    assertThat(rows.get(0).get("status").asText()).isEqualTo("expired");
    assertThat(check(db(), made.get("key").asText()))
        .isEqualTo(new AuthOutcome.Refused("key-expired", "the API key has expired"));
    assertThat(CliRun.of("keys", "list", "--db", db()).out()).contains("expired");
  }

  @Test
  void theSameCommandsWorkOnPostgresql() throws Exception {
    String server =
        System.getenv()
            .getOrDefault(
                "CORRAL_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    String schema =
        "corral_keys_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String location = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try {
      CliRun created =
          CliRun.of(
              "keys", "create", "--name", "pg", "--role", "admin", "--json", "--db", location);
      assertThat(created.exitCode()).as(created.err()).isZero();
      JsonNode node = json(created.out());
      assertThat(check(location, node.get("key").asText()))
          .isInstanceOf(AuthOutcome.Authenticated.class);
      assertThat(CliRun.of("keys", "revoke", node.get("id").asText(), "--db", location).exitCode())
          .isZero();
      JsonNode rows = json(CliRun.of("keys", "list", "--json", "--db", location).out());
      assertThat(rows.get(0).get("role").asText()).isEqualTo("admin");
      assertThat(rows.get(0).get("status").asText()).isEqualTo("revoked");
      assertThat(check(location, node.get("key").asText()))
          .isEqualTo(new AuthOutcome.Refused("key-revoked", "the API key has been revoked"));
    } finally {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(server);
          java.sql.Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void listingAMissingDefaultStoreSaysWhereItLookedAndMakesNothing() throws Exception {
    Path data = dir.resolve("data");
    CliRun list = CliRun.of("keys", "list", "--data-dir", data.toString());
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).contains("no key store at " + data.resolve("corral.db"));
    assertThat(Files.exists(data)).isFalse();

    CliRun created = CliRun.of("keys", "create", "--name", "erin", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(Files.exists(data.resolve("corral.db"))).isTrue();
    assertThat(CliRun.of("keys", "list", "--data-dir", data.toString()).out()).contains("erin");
  }
}
