package dev.corral.lab;

import static dev.corral.lab.LabFixture.DATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthProxyTest {

  @Test
  void basicAuthProxyRefusesWithNginxsPageAndPassesWithTheCredential() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server =
          lab.start(
              Persona.builder("fenced", Persona.NEWEST)
                  .authProxy(new AuthProxy("basic", "admin:s3cret", null))
                  .build());
      String page =
          "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
              + "<center><h1>401 Authorization Required</h1></center>\r\n"
              + "<hr><center>nginx/1.24.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n";
      assertThat(LabFixture.send(server, "GET", "/api/tags", null))
          .isEqualTo(
              "HTTP/1.1 401 Unauthorized\r\nServer: nginx/1.24.0 (Ubuntu)\r\nDate: "
                  + DATE
                  + "\r\nContent-Type: text/html\r\nContent-Length: "
                  + page.length()
                  + "\r\nConnection: keep-alive\r\nWWW-Authenticate: Basic realm=\"Ollama\"\r\n\r\n"
                  + page);
      String wrong =
          "Authorization: Basic "
              + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
      assertThat(LabFixture.send(server, "GET", "/api/tags", null, wrong))
          .startsWith("HTTP/1.1 401 ");
      String right =
          "Authorization: Basic "
              + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
      assertThat(LabFixture.send(server, "GET", "/api/version", null, right))
          .isEqualTo(
              "HTTP/1.1 200 OK\r\nServer: nginx/1.24.0 (Ubuntu)\r\nDate: "
                  + DATE
                  + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 21\r\n"
                  + "Connection: keep-alive\r\n\r\n{\"version\":\"0.32.15\"}");
    }
  }

  @Test
  void bearerProxyAnswersJson() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server =
          lab.start(
              Persona.builder("fenced", Persona.NEWEST)
                  .authProxy(new AuthProxy("bearer", "tok-123", "caddy"))
                  .build());
      String refused = LabFixture.send(server, "POST", "/api/generate", "{}");
      assertThat(refused)
          .startsWith("HTTP/1.1 401 Unauthorized\r\nServer: caddy\r\n")
          .contains("WWW-Authenticate: Bearer realm=\"ollama\"")
          .endsWith("{\"error\":\"unauthorized\"}");
      String passed =
          LabFixture.send(server, "POST", "/api/show", "{}", "Authorization: Bearer tok-123");
      assertThat(passed)
          .startsWith("HTTP/1.1 400 Bad Request\r\nServer: caddy\r\n")
          .endsWith("{\"error\":\"model is required\"}");
    }
  }
}
