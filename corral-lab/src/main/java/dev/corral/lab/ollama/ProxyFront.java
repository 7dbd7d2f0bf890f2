package dev.corral.lab.ollama;

import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A reverse proxy in front of the emulated server, the way people fence Ollama with nginx: an
 * optional credential check (the proxy's 401 without it), optional blocked paths (403, the usual
 * way of hiding {@code /api/version}), and its {@code Server} header on everything that passes.
 */
final class ProxyFront {
  /** What nginx says about itself on Debian and Ubuntu. */
  static final String DEFAULT_SERVER = "nginx/1.24.0 (Ubuntu)";

  private final AuthProxy config;
  private final byte[] expected;
  private final List<String> blocked;
  private final String server;

  ProxyFront(AuthProxy config, List<String> blocked) {
    this.config = config;
    this.blocked = List.copyOf(blocked);
    this.server = config == null ? DEFAULT_SERVER : config.server();
    this.expected = config == null ? null : credential(config).getBytes(StandardCharsets.UTF_8);
  }

  private static String credential(AuthProxy config) {
    return config.scheme().equals("basic")
        ? "Basic "
            + Base64.getEncoder()
                .encodeToString(config.credential().getBytes(StandardCharsets.UTF_8))
        : "Bearer " + config.credential();
  }

  String server() {
    return server;
  }

  /** The proxy's refusal, or empty when the request may pass. */
  Optional<LabResponse> refuse(LabRequest request) {
    if (config != null) {
      Optional<LabResponse> unauthorised = checkCredential(request);
      if (unauthorised.isPresent()) {
        return unauthorised;
      }
    }
    if (blocked.contains(request.path())) {
      String page = nginxPage(403, "Forbidden");
      LabResponse response = new LabResponse().status(403);
      response.headers().set("Content-Type", "text/html");
      response.body(page);
      response.viaProxy(server);
      return Optional.of(response);
    }
    return Optional.empty();
  }

  private String nginxPage(int status, String text) {
    return "<html>\r\n<head><title>"
        + status
        + " "
        + text
        + "</title></head>\r\n<body>\r\n"
        + "<center><h1>"
        + status
        + " "
        + text
        + "</h1></center>\r\n<hr><center>"
        + server
        + "</center>\r\n</body>\r\n</html>\r\n";
  }

  private Optional<LabResponse> checkCredential(LabRequest request) {
    String authorization = request.header("Authorization");
    byte[] given =
        authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    LabResponse response = new LabResponse().status(401);
    if (config.scheme().equals("basic")) {
      response.headers().set("Content-Type", "text/html");
      response.headers().setVerbatim("WWW-Authenticate", "Basic realm=\"Ollama\"");
      response.body(nginxPage(401, "Authorization Required"));
    } else {
      response.headers().set("Content-Type", "application/json");
      response.headers().setVerbatim("WWW-Authenticate", "Bearer realm=\"ollama\"");
      response.body("{\"error\":\"unauthorized\"}");
    }
    response.viaProxy(config.server());
    return Optional.of(response);
  }
}
