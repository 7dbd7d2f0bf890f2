package dev.corral.lab.ollama;

import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * An authenticating reverse proxy in front of the emulated server, the way people fence Ollama with
 * nginx: requests without the right credential get the proxy's 401, the rest pass through and come
 * back with the proxy's {@code Server} header.
 */
final class AuthProxyFront {
  private final AuthProxy config;
  private final byte[] expected;

  AuthProxyFront(AuthProxy config) {
    this.config = config;
    String value =
        config.scheme().equals("basic")
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(config.credential().getBytes(StandardCharsets.UTF_8))
            : "Bearer " + config.credential();
    this.expected = value.getBytes(StandardCharsets.UTF_8);
  }

  /** The proxy's refusal, or empty when the request carries the credential. */
  Optional<LabResponse> refuse(LabRequest request) {
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
      response.body(
          "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
              + "<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>"
              + config.server()
              + "</center>\r\n</body>\r\n</html>\r\n");
    } else {
      response.headers().set("Content-Type", "application/json");
      response.headers().setVerbatim("WWW-Authenticate", "Bearer realm=\"ollama\"");
      response.body("{\"error\":\"unauthorized\"}");
    }
    response.viaProxy(config.server());
    return Optional.of(response);
  }
}
