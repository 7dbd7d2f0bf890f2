package dev.corral.gateway.policy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;

/**
 * A request as received, before its body: what the policy judges first.
 *
 * @param method the method exactly as sent
 * @param target the request-target exactly as sent (path and query, not decoded)
 * @param headers all header fields as received (repeated fields kept)
 * @param client the client's address, for the audit log ({@code ip:port})
 * @param tls whether it arrived over TLS
 */
public record RequestHead(
    String method, String target, HttpHeaders headers, String client, boolean tls) {

  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(client, "client");
  }
}
