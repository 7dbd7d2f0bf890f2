package dev.corral.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.tls.LabCertificate;
import dev.corral.lab.tls.TlsFront;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class TlsFrontTest {

  private static Persona behindTls() {
    return Persona.builder("tls", Persona.NEWEST).tls(true).build();
  }

  @Test
  void servesTheOllamaApiOverTlsWithTheLabCertificate() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server = lab.start(behindTls());
      assertThat(server.url()).startsWith("https://");
      HttpClient client =
          HttpClient.newBuilder().sslContext(trusting(LabCertificate.get())).build();
      HttpResponse<String> banner =
          client.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(banner.statusCode()).isEqualTo(200);
      assertThat(banner.body()).isEqualTo("Ollama is running");
      HttpResponse<String> version =
          client.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/api/version")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(version.body()).isEqualTo("{\"version\":\"0.32.15\"}");
    }
  }

  @Test
  void plainHttpGetsGosFixedAnswerAndTheConnectionIsClosed() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server = lab.start(behindTls());
      for (String method : new String[] {"GET", "HEAD", "POST", "OPTIONS"}) {
        String answer = exchange(server, method + " / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).as(method).isEqualTo(TlsFront.PLAIN_HTTP_ANSWER);
      }
    }
  }

  @Test
  void otherPlainBytesAreClosedWithoutAWord() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server = lab.start(behindTls());
      assertThat(exchange(server, "SSH-2.0-OpenSSH_9.6\r\n")).isEmpty();
      // Go only recognises the five-byte starts of common methods: DELETE is not one of them.
      assertThat(exchange(server, "DELETE /api/delete HTTP/1.1\r\nHost: x\r\n\r\n")).isEmpty();
    }
  }

  @Test
  void aServerWithoutTlsStillSpeaksPlainHttp() throws Exception {
    try (LabFixture lab = new LabFixture()) {
      LabServer server = lab.start(Persona.standard("plain", Persona.NEWEST));
      assertThat(server.url()).startsWith("http://");
      assertThat(LabFixture.send(server, "GET", "/", null)).endsWith("Ollama is running");
    }
  }

  /** Sends raw bytes and reads until the server closes. */
  private static String exchange(LabServer server, String raw) throws Exception {
    try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static SSLContext trusting(LabCertificate certificate) throws Exception {
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        certificate.pem().getBytes(StandardCharsets.US_ASCII)));
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("lab", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
