package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.config.AuditSettings;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.http.Transport;
import dev.corral.lab.Emulator;
import dev.corral.lab.RawHttp;
import dev.corral.lab.server.LabServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole gateway on each socket transport this machine has (io_uring, epoll, NIO): the other
 * tests run on the default one, so the rest must behave the same where they are chosen.
 */
class TransportTest {
  private final EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private RecordingEmulator upstream;
  private LabServer lab;
  private TestKeys keys;
  private Gateway gateway;

  private void start(Transport transport) {
    start(transport, Duration.ofMillis(2));
  }

  private void start(Transport transport, Duration tokenInterval) {
    assumeThat(transport.available()).as(transport.id() + " on this machine").isTrue();
    upstream =
        new RecordingEmulator(Emulator.of(ProxyHarness.persona(tokenInterval), Clock.systemUTC()));
    lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    keys = TestKeys.create();
    gateway =
        GatewayTest.inFrontOf(
            lab,
            keys,
            GatewayConfig.defaults()
                .withAudit(new AuditSettings(null, false, false))
                .withTransport(transport),
            events);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
      keys.close();
      lab.close();
    }
    labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void servesKeepAliveStreamingAndRefusalsAlike(Transport transport) throws Exception {
    start(transport);
    String auth = TestKeys.bearer(keys.user);
    try (RawHttp client = new RawHttp(gateway.address())) {
      assertThat(client.send(DataPathTest.request("GET", "/api/version", null, auth)))
          .startsWith("HTTP/1.1 200 ")
          .contains("\"version\"");
      String stream =
          client.send(
              DataPathTest.request(
                  "POST", "/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}", auth));
      assertThat(stream).startsWith("HTTP/1.1 200 ").contains("\"done\":true");
      assertThat(stream.lines().filter(l -> l.contains("\"response\"")).count()).isGreaterThan(2);
      assertThat(client.send(DataPathTest.request("GET", "/api/tags", null)))
          .startsWith("HTTP/1.1 401 ");
    }
    assertThat(upstream.requests).containsExactly("GET /api/version", "POST /api/generate");
    // Three requests on one connection: the same client address and port in every record. A
    // record is written once its answer is flushed, which may be just after the client read it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (events.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(events).hasSize(3);
    assertThat(events.stream().map(AuditEvent::client).distinct()).hasSize(1);
    assertThat(events.get(1).evalTokens()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aClientThatLeavesMidStreamClosesTheUpstream(Transport transport) throws Exception {
    start(transport, Duration.ofMillis(50));
    try (RawHttp client = new RawHttp(gateway.address())) {
      client.sendOnly(
          DataPathTest.request(
              "POST", "/api/generate", DataPathTest.GENERATE, TestKeys.bearer(keys.user)));
      assertThat(client.readHead()).startsWith("HTTP/1.1 200 ");
      assertThat(client.readChunk()).isNotNull();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (upstream.streamsEnded.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(upstream.streamsEnded.get()).isEqualTo(1);
    int produced = upstream.chunksProduced.get();
    Thread.sleep(200);
    assertThat(upstream.chunksProduced.get()).isEqualTo(produced);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(events).hasSize(1);
    assertThat(events.get(0).status()).as("the client was gone before the end").isZero();
  }
}
