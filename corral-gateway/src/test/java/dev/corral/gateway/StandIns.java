package dev.corral.gateway;

import dev.corral.gateway.auth.AuthOutcome;
import dev.corral.gateway.auth.Authenticator;
import dev.corral.gateway.limit.Limiter;
import dev.corral.gateway.policy.BlobInspector;
import dev.corral.gateway.policy.BodyKind;
import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.ListingKind;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.gateway.policy.RequestJudge;
import dev.corral.gateway.policy.Role;
import dev.corral.gateway.policy.Route;
import dev.corral.gateway.policy.Verdict;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Minimal stand-ins for the key ring, the policy and the limiter, so the data path can be tested on
 * its own (framing, streaming, errors); the end-to-end tests use the real ones. They follow the
 * contracts exactly: one fixed key, a small route table, a stream cap.
 */
final class StandIns {
  static final String KEY = "corral_test_key_0123456789";
  static final Caller CALLER = new Caller("k1", "test", Role.USER, List.of("*"), 0, 0);
  static final String ADMIN_KEY = "corral_test_key_admin_4242";
  static final Caller ADMIN = new Caller("k3", "admin", Role.ADMIN, List.of("*"), 0, 0);
  static final String LIMITED_KEY = "corral_test_key_limited_987";
  static final Caller LIMITED = new Caller("k2", "limited", Role.USER, List.of("llama3.2"), 0, 0);

  static final Route VERSION =
      new Route("GET", "/api/version", BodyKind.NONE, ListingKind.NONE, Role.USER, false);
  static final Route TAGS =
      new Route("GET", "/api/tags", BodyKind.NONE, ListingKind.TAGS, Role.USER, false);
  static final Route GENERATE =
      new Route("POST", "/api/generate", BodyKind.JSON, ListingKind.NONE, Role.USER, true);
  static final Route CHAT =
      new Route("POST", "/v1/chat/completions", BodyKind.JSON, ListingKind.NONE, Role.USER, true);
  static final Route BLOB =
      new Route("POST", "/api/blobs/:digest", BodyKind.BLOB, ListingKind.NONE, Role.ADMIN, false);

  private StandIns() {}

  static Authenticator keys() {
    return head -> {
      String auth = head.headers().get("Authorization");
      if (auth == null) {
        return new AuthOutcome.Refused("auth-required", "an API key is required");
      }
      if (auth.equals("Bearer " + KEY)) {
        return new AuthOutcome.Authenticated(CALLER);
      }
      if (auth.equals("Bearer " + ADMIN_KEY)) {
        return new AuthOutcome.Authenticated(ADMIN);
      }
      return auth.equals("Bearer " + LIMITED_KEY)
          ? new AuthOutcome.Authenticated(LIMITED)
          : new AuthOutcome.Refused("key-unknown", "unknown API key");
    };
  }

  static final class Limits implements Limiter {
    final int maxStreams;
    final AtomicInteger open = new AtomicInteger();
    final AtomicLong tokens = new AtomicLong();

    Limits(int maxStreams) {
      this.maxStreams = maxStreams;
    }

    @Override
    public long admit(Caller caller, long nowMillis) {
      return 0;
    }

    @Override
    public void addTokens(Caller caller, long n, long nowMillis) {
      tokens.addAndGet(n);
    }

    @Override
    public boolean openStream(Caller caller) {
      if (open.incrementAndGet() > maxStreams) {
        open.decrementAndGet();
        return false;
      }
      return true;
    }

    @Override
    public void closeStream(Caller caller) {
      open.decrementAndGet();
    }
  }

  /** Allows a handful of routes; a JSON body containing "forbidden" is refused with 403. */
  static RequestJudge judge() {
    return new RequestJudge() {
      @Override
      public Verdict judgeHead(Caller caller, RequestHead head) {
        String target = head.target();
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        for (Route r : List.of(VERSION, TAGS, GENERATE, CHAT)) {
          if (r.pattern().equals(path) && r.method().equals(head.method())) {
            return Verdict.allow(r, null);
          }
        }
        if (path.startsWith("/api/blobs/sha256:") && head.method().equals("POST")) {
          return Verdict.allow(BLOB, null);
        }
        return Verdict.deny(404, "route-unknown", "route not allowed", null);
      }

      @Override
      public Verdict judgeBody(Caller caller, RequestHead head, Verdict allowedHead, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains("forbidden")
            ? Verdict.deny(403, "model-not-allowed", "model not allowed", allowedHead.route())
            : Verdict.allow(allowedHead.route(), "llama3.2:latest");
      }

      @Override
      public BlobInspector inspectBlob(Caller caller, RequestHead head, long contentLength) {
        return new BlobInspector() {
          private int seen;
          private final byte[] magic = new byte[4];

          @Override
          public Progress feed(ByteBuf chunk) {
            for (int i = 0; i < chunk.readableBytes() && seen < 4; i++) {
              magic[seen++] = chunk.getByte(chunk.readerIndex() + i);
            }
            if (seen < 4) {
              return Progress.NEED_MORE;
            }
            return new String(magic, StandardCharsets.US_ASCII).equals("GGUF")
                ? Progress.ACCEPTED
                : Progress.REFUSED;
          }

          @Override
          public Verdict endOfBody() {
            return Verdict.deny(400, "blob-gguf", "not a GGUF file", BLOB);
          }

          @Override
          public Verdict refusal() {
            return Verdict.deny(400, "blob-gguf", "not a GGUF file", BLOB);
          }
        };
      }

      @Override
      public byte[] filterListing(Caller caller, Route route, byte[] upstreamBody) {
        // Drops every model but llama3.2, so tests can see the listing was filtered.
        try {
          com.fasterxml.jackson.databind.node.ObjectNode root =
              (com.fasterxml.jackson.databind.node.ObjectNode)
                  dev.corral.core.json.Json.mapper().readTree(upstreamBody);
          com.fasterxml.jackson.databind.node.ArrayNode models =
              (com.fasterxml.jackson.databind.node.ArrayNode) root.get("models");
          for (int i = models.size() - 1; i >= 0; i--) {
            if (!models.get(i).get("name").asText().startsWith("llama3.2")) {
              models.remove(i);
            }
          }
          return dev.corral.core.json.Json.mapper().writeValueAsBytes(root);
        } catch (java.io.IOException | RuntimeException e) {
          return "{\"models\":[]}".getBytes(StandardCharsets.UTF_8);
        }
      }
    };
  }
}
