package dev.corral.gateway.policy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the requests and callers the policy tests judge. */
final class Requests {

  static final Caller USER_ALL = caller(Role.USER, "*");
  static final Caller ADMIN_ALL = caller(Role.ADMIN, "*");
  static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private Requests() {}

  static Caller caller(Role role, String... globs) {
    return new Caller("k1", "test", role, List.of(globs), 0, 0);
  }

  /** A head with alternating header names and values. */
  static RequestHead head(String method, String target, String... headers) {
    HttpHeaders h = new DefaultHttpHeaders(false);
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new RequestHead(method, target, h, "127.0.0.1:5000", false);
  }

  /**
   * A head as the official clients send it: a JSON Content-Type always, and a small body on the
   * methods that carry one.
   */
  static RequestHead request(String method, String target) {
    return method.equals("POST") || method.equals("DELETE")
        ? head(method, target, "Content-Type", "application/json", "Content-Length", "2")
        : head(method, target, "Content-Type", "application/json");
  }

  /** A JSON POST head as the official clients send it. */
  static RequestHead jsonPost(String target, int length) {
    return head(
        "POST",
        target,
        "Host",
        "127.0.0.1:8080",
        "Content-Type",
        "application/json",
        "Content-Length",
        Integer.toString(length));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** judgeHead then judgeBody, as the data path does. */
  static Verdict judge(OllamaPolicy policy, Caller caller, String target, String body) {
    return judge(policy, caller, "POST", target, utf8(body));
  }

  static Verdict judge(
      OllamaPolicy policy, Caller caller, String method, String target, byte[] body) {
    RequestHead head =
        head(
            method,
            target,
            "Content-Type",
            "application/json",
            "Content-Length",
            Integer.toString(body.length));
    Verdict first = policy.judgeHead(caller, head);
    if (!first.allowed()) {
      return first;
    }
    return policy.judgeBody(caller, head, first, body);
  }
}
