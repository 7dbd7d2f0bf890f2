package dev.corral.audit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.audit.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetTcpTest {
  @Test
  void onlyListeningSocketsAreKeptWithTheirAddresses() {
    List<Listener> l = ProcNetTcp.listeners(Fixtures.text("local/tcp-exposed"), "/proc/net/tcp");
    assertThat(l)
        .extracting(Listener::toString)
        .containsExactly("127.0.0.53:53", "0.0.0.0:11434", "0.0.0.0:22");
    assertThat(l.get(1).allInterfaces()).isTrue();
    assertThat(l.get(1).inode()).isEqualTo(23456);
  }

  @Test
  void ipv6AddressesAreReadWordByWord() {
    List<Listener> l = ProcNetTcp.listeners(Fixtures.text("local/tcp6-loopback"), "/proc/net/tcp6");
    assertThat(l.get(0).toString()).isEqualTo("[::1]:11434");
    assertThat(l.get(0).loopback()).isTrue();
    assertThat(l.get(1).allInterfaces()).isTrue();
  }

  @Test
  void aMangledLineIsNamedByFileAndLine() {
    assertThatThrownBy(
            () -> ProcNetTcp.listeners("header\n 0: 0100007F:2CAA 0A\n", "/proc/net/tcp"))
        .isInstanceOf(LocalFileException.class)
        .hasMessageStartingWith("/proc/net/tcp:2:");
    assertThatThrownBy(
            () ->
                ProcNetTcp.listeners(
                    "header\n 0: 01007F:2CAA 00000000:0000 0A 0 0 0 0 0 1\n", "/proc/net/tcp"))
        .hasMessageContaining("/proc/net/tcp:2: cannot read local address");
  }

  @Test
  void ollamaHostValuesAreReadTheWayOllamaReadsThem() {
    assertThat(OllamaHost.parse("0.0.0.0").allInterfaces()).isTrue();
    assertThat(OllamaHost.parse(":11434").allInterfaces()).isTrue();
    assertThat(OllamaHost.parse("[::]:11500").port()).isEqualTo(11500);
    assertThat(OllamaHost.parse("[::]:11500").allInterfaces()).isTrue();
    assertThat(OllamaHost.parse("http://127.0.0.1:11434").loopback()).isTrue();
    assertThat(OllamaHost.parse("https://example.org").port()).isEqualTo(443);
    assertThat(OllamaHost.parse("10.0.0.5").port()).isEqualTo(11434);
    assertThat(OllamaHost.parse("10.0.0.5").loopback()).isFalse();
    assertThat(OllamaHost.parse("10.0.0.5").allInterfaces()).isFalse();
  }
}
