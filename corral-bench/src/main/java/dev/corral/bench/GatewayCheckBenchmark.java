package dev.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.gateway.auth.AuthOutcome;
import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeyRing;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.gateway.policy.PolicySettings;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.gateway.policy.Role;
import dev.corral.gateway.policy.Route;
import dev.corral.gateway.policy.Verdict;
import dev.corral.store.Store;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's per-request checks on the event loop, each next to its floor:
 *
 * <ul>
 *   <li>{@code authenticate}: {@link KeyRing#authenticate} of a Bearer key among 1,000 live keys
 *       (HMAC-SHA-256 of the presented key, a map lookup, a constant-time compare, expiry), next to
 *       {@code hmacOnly}, one HMAC-SHA-256 of a key-sized input: the least any keyed-hash check
 *       costs.
 *   <li>{@code judgeChat}: {@link OllamaPolicy#judgeHead} and {@link OllamaPolicy#judgeBody} of a 1
 *       KB {@code /api/chat} request (route, role, Content-Type, strict JSON with Go's case-folded
 *       duplicate check, model canonicalisation and the key's globs), next to {@code
 *       jacksonParseChat}, Jackson reading the same body into a tree, which checks none of that.
 *   <li>{@code filterTags}: {@link OllamaPolicy#filterListing} of the lab's {@code /api/tags}
 *       answer (the one {@code bench/gateway-load.sh} serves) for a key limited to {@code
 *       llama3.2*}, next to {@code jacksonParseTags}, Jackson reading the same listing into a tree.
 * </ul>
 *
 * <p>The keys live in a real SQLite store in a temporary directory, made with {@link KeyAdmin} as
 * {@code corral keys create} makes them.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar GatewayCheckBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class GatewayCheckBenchmark {
  private static final int KEYS = 1_000;

  private Path dir;
  private Store store;
  private KeyRing ring;
  private RequestHead head;
  private Caller caller;
  private OllamaPolicy policy;
  private Verdict allowedHead;
  private byte[] chat;
  private Mac mac;
  private byte[] presented;
  private Route tagsRoute;
  private byte[] tags;
  private final ObjectMapper jackson = new ObjectMapper();

  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = Files.createTempDirectory("corral-bench-keys");
    store = Store.open(dir.resolve("corral.db").toString());
    KeyAdmin admin = new KeyAdmin(store);
    IssuedKey chosen = null;
    for (int i = 0; i < KEYS; i++) {
      IssuedKey key =
          admin.create(new KeySpec("bench-" + i, Role.USER, List.of("llama3.2*"), 0, 0, null));
      if (i == KEYS / 2) {
        chosen = key;
      }
    }
    ring = KeyRing.open(store, java.time.Duration.ofMinutes(10));
    chat = RequestBodies.named(RequestBodies.CHAT_1K);
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Host", "127.0.0.1:8080");
    headers.set("Authorization", "Bearer " + chosen.key());
    headers.set("Content-Type", "application/json");
    headers.set("Content-Length", Integer.toString(chat.length));
    head = new RequestHead("POST", "/api/chat", headers, "127.0.0.1:40000", false);
    if (!(ring.authenticate(head) instanceof AuthOutcome.Authenticated(Caller c))) {
      throw new IllegalStateException("the benchmark's key was not accepted");
    }
    caller = c;
    policy = new OllamaPolicy(PolicySettings.defaults());
    allowedHead = policy.judgeHead(caller, head);
    if (!allowedHead.allowed() || !policy.judgeBody(caller, head, allowedHead, chat).allowed()) {
      throw new IllegalStateException("the benchmark's chat request was refused");
    }
    HttpHeaders tagsHeaders = new DefaultHttpHeaders();
    tagsHeaders.set("Host", "127.0.0.1:8080");
    tagsRoute =
        policy
            .judgeHead(
                caller, new RequestHead("GET", "/api/tags", tagsHeaders, "127.0.0.1:40000", false))
            .route();
    tags = GoJsonWriter.encodeBytes(ResponseBodies.named(ResponseBodies.TAGS));
    if (policy.filterListing(caller, tagsRoute, tags).length >= tags.length) {
      throw new IllegalStateException("the benchmark's listing was not filtered");
    }
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    presented = chosen.key().getBytes(StandardCharsets.US_ASCII);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ring.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public AuthOutcome authenticate() {
    return ring.authenticate(head);
  }

  @Benchmark
  public byte[] hmacOnly() {
    return mac.doFinal(presented);
  }

  @Benchmark
  public Verdict judgeChat() {
    Verdict first = policy.judgeHead(caller, head);
    return policy.judgeBody(caller, head, first, chat);
  }

  @Benchmark
  public JsonNode jacksonParseChat() throws IOException {
    return jackson.readTree(chat);
  }

  @Benchmark
  public byte[] filterTags() {
    return policy.filterListing(caller, tagsRoute, tags);
  }

  @Benchmark
  public JsonNode jacksonParseTags() throws IOException {
    return jackson.readTree(tags);
  }
}
