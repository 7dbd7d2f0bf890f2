package dev.corral.lab;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Starts real lab servers on loopback for a test, with a fixed clock so bytes are stable. */
public final class LabFixture implements AutoCloseable {
  public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  public static final String DATE = "Fri, 27 Nov 2026 10:00:00 GMT";
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final EventLoopGroup group = Transports.newGroup(1);

  public LabServer start(Persona persona) {
    return LabServer.start(
        Emulator.of(persona, CLOCK),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        group,
        CLOCK);
  }

  public LabServer start(String version) {
    return start(Persona.standard("test", OllamaVersion.parse(version)));
  }

  public static String get(LabServer server, String request) throws IOException {
    return RawHttp.exchange(server.address(), request);
  }

  /** A request with a loopback Host header, as a local client sends it. */
  public static String request(String method, String path, String body, String... headers) {
    StringBuilder r = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    r.append("Host: 127.0.0.1:11434\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    if (body != null) {
      r.append("Content-Length: ")
          .append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .append("\r\n");
    }
    r.append("\r\n");
    if (body != null) {
      r.append(body);
    }
    return r.toString();
  }

  public static String send(
      LabServer server, String method, String path, String body, String... headers)
      throws IOException {
    return RawHttp.exchange(server.address(), request(method, path, body, headers));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
