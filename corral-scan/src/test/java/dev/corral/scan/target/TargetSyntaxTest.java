package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetSyntaxTest {

  private static Target only(String text) {
    TargetSpace space = Spaces.of(text);
    assertThat(space.size()).as(text).isEqualTo(1);
    return space.at(0);
  }

  @Test
  void ipv4AddressTakesTheDefaultPort() {
    assertThat(only("10.0.0.5")).isEqualTo(new Target("10.0.0.5", "10.0.0.5", 11434, "http"));
  }

  @Test
  void hostPortAndIpPort() {
    assertThat(only("10.0.0.5:8080"))
        .isEqualTo(new Target("10.0.0.5:8080", "10.0.0.5", 8080, "http"));
    assertThat(only("Ollama.Example.com:8080"))
        .isEqualTo(new Target("Ollama.Example.com:8080", "ollama.example.com", 8080, "http"));
    assertThat(only("localhost")).isEqualTo(new Target("localhost", "localhost", 11434, "http"));
  }

  @Test
  void ipv6FormsKeepTheirLabelAndCanonicalHost() {
    assertThat(only("2001:DB8:0:0::1"))
        .isEqualTo(new Target("2001:DB8:0:0::1", "2001:db8::1", 11434, "http"));
    assertThat(only("[::1]:8080")).isEqualTo(new Target("[::1]:8080", "::1", 8080, "http"));
    assertThat(only("[::1]")).isEqualTo(new Target("[::1]", "::1", 11434, "http"));
    assertThat(only("[::1]:8080").baseUrl()).isEqualTo("http://[::1]:8080");
  }

  @Test
  void urlsGiveSchemeHostAndPortAndIgnoreThePath() {
    assertThat(only("https://AI.example.com:8443/api/tags?x=1"))
        .isEqualTo(
            new Target(
                "https://AI.example.com:8443/api/tags?x=1", "ai.example.com", 8443, "https"));
    assertThat(only("http://127.0.0.1:11434/"))
        .isEqualTo(new Target("http://127.0.0.1:11434/", "127.0.0.1", 11434, "http"));
    assertThat(only("http://[::1]:11434/api"))
        .isEqualTo(new Target("http://[::1]:11434/api", "::1", 11434, "http"));
  }

  @Test
  void urlsWithoutPortMeanTheSchemesPort() {
    assertThat(only("https://ollama.example.com").port()).isEqualTo(443);
    assertThat(only("http://ollama.example.com/").port()).isEqualTo(80);
    assertThat(only("HTTPS://[2001:db8::1]").port()).isEqualTo(443);
  }

  @Test
  void cidrRangeAndPortListMultiply() {
    TargetSpace space = Spaces.of(PortList.parse("11434,8080"), "10.0.0.0/30", "10.0.1.1-10.0.1.2");
    assertThat(space.size()).isEqualTo(12);
    assertThat(Spaces.urls(space))
        .containsExactly(
            "http://10.0.0.0:8080",
            "http://10.0.0.0:11434",
            "http://10.0.0.1:8080",
            "http://10.0.0.1:11434",
            "http://10.0.0.2:8080",
            "http://10.0.0.2:11434",
            "http://10.0.0.3:8080",
            "http://10.0.0.3:11434",
            "http://10.0.1.1:8080",
            "http://10.0.1.1:11434",
            "http://10.0.1.2:8080",
            "http://10.0.1.2:11434");
    assertThat(space.at(0).label()).isEqualTo("10.0.0.0");
  }

  @Test
  void aCidrCanNameItsPort() {
    TargetSpace space = Spaces.of("10.0.0.0/31:8080");
    assertThat(Spaces.list(space))
        .containsExactly(
            new Target("10.0.0.0:8080", "10.0.0.0", 8080, "http"),
            new Target("10.0.0.1:8080", "10.0.0.1", 8080, "http"));
  }

  @Test
  void cidrWithHostBitsMeansItsNetwork() {
    assertThat(Spaces.urls(Spaces.of("10.0.0.5/31")))
        .containsExactly("http://10.0.0.4:11434", "http://10.0.0.5:11434");
  }

  @Test
  void ipv6Cidr() {
    TargetSpace space = Spaces.of("2001:db8::/120");
    assertThat(space.size()).isEqualTo(256);
    assertThat(space.at(0)).isEqualTo(new Target("2001:db8::", "2001:db8::", 11434, "http"));
    assertThat(space.at(255).host()).isEqualTo("2001:db8::ff");
    assertThat(Spaces.of("2001:db8::1-2001:db8::3").size()).isEqualTo(3);
  }

  @Test
  void ipv6BlocksAreLimited() {
    assertThat(Spaces.of("2001:db8::/104").size()).isEqualTo(1L << 24);
    assertThatThrownBy(() -> Spaces.of("10.0.0.1", "2001:db8::/64"))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage(
            "target 2 ('2001:db8::/64'): IPv6 block of 2^64 addresses is too large: corral sweeps"
                + " at most 2^24 (16777216, a /104) per IPv6 target; narrow it, or list the"
                + " addresses you mean");
  }

  @Test
  void duplicatesAppearOnce() {
    TargetSpace space =
        Spaces.of(
            PortList.parse("11434,8080"),
            "10.0.0.1",
            "10.0.0.0/30",
            "10.0.0.1:8080",
            "http://10.0.0.2:11434/",
            "[::1]:8080",
            "::1",
            "localhost",
            "LOCALHOST");
    assertThat(Spaces.urls(space))
        .containsExactly(
            "http://10.0.0.0:8080",
            "http://10.0.0.0:11434",
            "http://10.0.0.1:8080",
            "http://10.0.0.1:11434",
            "http://10.0.0.2:8080",
            "http://10.0.0.2:11434",
            "http://10.0.0.3:8080",
            "http://10.0.0.3:11434",
            "http://[::1]:8080",
            "http://[::1]:11434",
            "http://localhost:8080",
            "http://localhost:11434");
  }

  @Test
  void httpsIsNotTheSameTargetAsHttp() {
    TargetSpace space = Spaces.of("10.0.0.1:443", "https://10.0.0.1/");
    assertThat(Spaces.urls(space)).containsExactly("http://10.0.0.1:443", "https://10.0.0.1:443");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33 | prefix length 33 is out of range for IPv4 (0-32)",
        "2001:db8::/129 | prefix length 129 is out of range for IPv6 (0-128)",
        "10.0.0.0/x | '10.0.0.0/x': 'x' is not a prefix length",
        "10.0.0.256 | '10.0.0.256' is not an IPv4 address: 256 is out of range (0-255)",
        "10.0.0 | '10.0.0' is not an IPv4 address: expected four numbers separated by dots",
        "010.0.0.1 | '010.0.0.1' is not an IPv4 address: '010' has a leading zero (octal or decimal?"
            + " write it without the zero)",
        "10.0.0.x | '10.0.0.x' is not an IPv4 address: expected four numbers from 0 to 255",
        "10.0.0.50-10.0.0.1 | range '10.0.0.50-10.0.0.1' is backwards: 10.0.0.50 comes after 10.0.0.1",
        "10.0.0.1-::1 | range '10.0.0.1-::1' mixes IPv4 and IPv6",
        "10.0.0.1:70000 | port 70000 is out of range (1-65535)",
        "10.0.0.1:0 | port 0 is out of range (1-65535)",
        "10.0.0.1:http | 'http' is not a port number (1-65535)",
        "host: | 'host:' ends with ':' but no port",
        ":8080 | ':8080' has a port but no host",
        "[::1]x | '[::1]x': expected ':port' after ']'",
        "[::1 | '[::1': '[' without a closing ']'",
        "[10.0.0.1]:80 | '[10.0.0.1]:80': brackets are for IPv6 addresses only",
        "[2001:db8::/120] | '[2001:db8::/120]': write IPv6 CIDRs and ranges without brackets (ports"
            + " come from --ports)",
        "1:2:3:4:5:6:7:8:9 | '1:2:3:4:5:6:7:8:9' is not an IPv6 address: expected 8 groups or '::',"
            + " found 9",
        "1::2::3 | '1::2::3' is not an IPv6 address: '::' may appear only once",
        "fe80::1%eth0 | 'fe80::1%eth0': IPv6 zone ids (the part after %) are not supported; drop the"
            + " zone",
        "2001:db8::g | '2001:db8::g' is not an IPv6 address: 'g' is not a group of 1 to 4 hex digits",
        "ftp://example.com | URL scheme 'ftp' is not supported (use http:// or https://)",
        "http://user:pw@example.com | URL 'http://user:pw@example.com' carries a user name or"
            + " password; corral takes no credentials in URLs",
        "http:///x | URL 'http:///x' has no host",
        "http://10.0.0.0/24 | URL 'http://10.0.0.0/24' names one host; for a CIDR write it without"
            + " http:// and give ports with --ports",
        "http://10.0.0.1-10.0.0.9/ | URL 'http://10.0.0.1-10.0.0.9/' must name one host, not a range",
        "exa_mple..com | host name 'exa_mple..com' has an empty label ('..')",
        "-bad.example | host name '-bad.example': label '-bad' starts or ends with '-'",
        "bücher.example | 'bücher.example': non-ASCII host names are not supported; use the xn--"
            + " (punycode) form",
        "example.123 | 'example.123' is not a host name (its last label is a number) nor an IPv4"
            + " address",
        "a!b | 'a!b' is not an IP address, CIDR, range, host name or URL ('!' cannot appear in a host"
            + " name)",
      })
  void errorsNameTheArgumentAndTheProblem(String text, String reason) {
    assertThatThrownBy(() -> Spaces.of("127.0.0.1", "127.0.0.2", text))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage("target 3 ('" + text + "'): " + reason)
        .satisfies(
            e -> {
              TargetSyntaxException syntax = (TargetSyntaxException) e;
              assertThat(syntax.where()).isEqualTo("target 3 ('" + text + "')");
              assertThat(syntax.reason()).isEqualTo(reason);
            });
  }

  @Test
  void commaSeparatedTargetsGetAHint() {
    assertThatThrownBy(() -> Spaces.of("10.0.0.1,10.0.0.2"))
        .hasMessage(
            "target 1 ('10.0.0.1,10.0.0.2'): one target at a time: separate targets with spaces on"
                + " the command line, or put one per line in a file");
  }

  @Test
  void hostNamesAreCarriedNotResolved() {
    // A name that cannot resolve anywhere: parsing must not try.
    Target target = only("no-such-host.invalid");
    assertThat(target.host()).isEqualTo("no-such-host.invalid");
    assertThat(target.hostIsAddress()).isFalse();
    assertThat(only("127.0.0.1").hostIsAddress()).isTrue();
    assertThat(only("::1").hostIsAddress()).isTrue();
  }

  @Test
  void ipv6Formatting() {
    List<String[]> cases =
        List.of(
            new String[] {"2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"},
            new String[] {"::", "::"},
            new String[] {"1::", "1::"},
            new String[] {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
            new String[] {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
            new String[] {"::ffff:10.0.0.1", "::ffff:10.0.0.1"},
            new String[] {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"});
    for (String[] pair : cases) {
      assertThat(Ipv6Text.format(Ipv6Text.parse(pair[0]))).as(pair[0]).isEqualTo(pair[1]);
    }
  }
}
