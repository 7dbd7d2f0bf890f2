package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusionsTest {
  @TempDir Path dir;

  private static TargetSpace space(Exclusions exclusions, String... targets) {
    return TargetSpace.builder().exclusions(exclusions).arguments(List.of(targets)).build();
  }

  @Test
  void exclusionsWinOverTargets() {
    Exclusions exclusions = Exclusions.parse("127.0.0.2, 127.0.0.4-127.0.0.5 127.0.1.0/24");
    TargetSpace space = space(exclusions, "127.0.0.0/29", "127.0.1.7", "http://127.0.0.4:11434/");
    assertThat(Spaces.list(space).stream().map(Target::host))
        .containsExactly("127.0.0.0", "127.0.0.1", "127.0.0.3", "127.0.0.6", "127.0.0.7");
    assertThat(exclusions.excludes(new Target("x", "127.0.1.9", 1, "http"))).isTrue();
    assertThat(exclusions.excludes(new Target("x", "localhost", 1, "http"))).isFalse();
    assertThat(exclusions.excludesAddress("127.0.0.5")).isTrue();
  }

  @Test
  void ipv6Exclusions() {
    Exclusions exclusions = Exclusions.parse("2001:db8::10/124,::1");
    TargetSpace space = space(exclusions, "2001:db8::/120", "[::1]:8080", "::2");
    assertThat(space.size()).isEqualTo(256 - 16 + 1);
    assertThat(exclusions.excludesAddress("2001:DB8::1f")).isTrue();
    assertThat(Spaces.list(space)).extracting(Target::host).doesNotContain("::1", "2001:db8::10");
  }

  @Test
  void fileWithCommentsAndSeveralEntriesPerLine() throws Exception {
    Path file = dir.resolve("exclude.txt");
    Files.writeString(
        file,
        """
        # masscan-style exclusion list
        127.0.0.1            # the lab
        127.0.0.8/29, 127.0.0.20-127.0.0.21

        ff02::1
        """);
    Exclusions exclusions = Exclusions.builder().file(file).list("127.0.0.30").build();
    assertThat(exclusions.ipv4Count()).isEqualTo(1 + 8 + 2 + 1);
    assertThat(exclusions.excludesAddress("ff02::1")).isTrue();
  }

  @Test
  void errorsNameTheFileAndLineOrTheOption() throws Exception {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "127.0.0.1\n# ok\n127.0.0.0/40\n");
    assertThatThrownBy(() -> Exclusions.builder().file(file))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage(file + " line 3: prefix length 40 is out of range for IPv4 (0-32)");
    assertThatThrownBy(() -> Exclusions.parse("127.0.0.1,example.com"))
        .hasMessage(
            "--exclude ('127.0.0.1,example.com'): 'example.com': exclusions take IP addresses,"
                + " CIDRs and ranges, not host names");
    assertThatThrownBy(() -> Exclusions.parse("127.0.0.1:80"))
        .hasMessage(
            "--exclude ('127.0.0.1:80'): '127.0.0.1:80': exclusions take addresses without"
                + " ports");
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> Exclusions.builder().file(missing))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("cannot read " + missing + ": no such file");
  }

  @Test
  void broadRangesSkipReservedSpace() {
    TargetSpace space = space(Exclusions.NONE, "0.0.0.0/0");
    // 0/8, 224/4 and 240/4 (which holds 255.255.255.255) are skipped; loopback is not.
    long expected = (1L << 32) - (1L << 24) - (1L << 28) - (1L << 28);
    assertThat(space.size()).isEqualTo(expected);
    assertThat(space.reservedAddressesSkipped()).isEqualTo((1L << 32) - expected);
    assertThat(space.at(0).host()).isEqualTo("1.0.0.0");
    assertThat(space.at(expected - 1).host()).isEqualTo("223.255.255.255");
  }

  @Test
  void reservedAddressesNamedExplicitlyAreKept() {
    assertThat(Spaces.urls(space(Exclusions.NONE, "224.0.0.1", "255.255.255.255", "0.0.0.0")))
        .containsExactly(
            "http://0.0.0.0:11434", "http://224.0.0.1:11434", "http://255.255.255.255:11434");
    assertThat(space(Exclusions.NONE, "240.0.0.0/24").size()).isEqualTo(256);
    // Wholly reserved, though across two reserved blocks: still named explicitly.
    assertThat(space(Exclusions.NONE, "224.0.0.0/3").size()).isEqualTo(1L << 29);
    assertThat(space(Exclusions.NONE, "ff02::1").size()).isEqualTo(1);
    assertThat(space(Exclusions.NONE, "ff02::/120").size()).isEqualTo(256);
    assertThat(space(Exclusions.NONE, "::").size()).isEqualTo(1);
  }

  @Test
  void overlappingRangesLoseOnlyTheReservedPart() {
    TargetSpace space = space(Exclusions.NONE, "223.255.255.254-224.0.0.1");
    assertThat(Spaces.list(space))
        .extracting(Target::host)
        .containsExactly("223.255.255.254", "223.255.255.255");
    assertThat(space.reservedAddressesSkipped()).isEqualTo(2);
    TargetSpace v6 = space(Exclusions.NONE, "::/120");
    assertThat(v6.size()).isEqualTo(255);
    assertThat(v6.at(0).host()).isEqualTo("::1");
  }

  @Test
  void loopbackAndPrivateRangesAreNotReserved() {
    assertThat(space(Exclusions.NONE, "127.0.0.0/8").size()).isEqualTo(1L << 24);
    assertThat(space(Exclusions.NONE, "10.0.0.0/8").size()).isEqualTo(1L << 24);
    assertThat(ReservedRanges.DEFAULT_EXCLUDED)
        .extracting(ReservedRanges.Range::cidr)
        .containsExactly(
            "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32", "ff00::/8", "::/128");
  }

  @Test
  void userExclusionsApplyEvenToReservedTargetsNamedExplicitly() {
    assertThat(space(Exclusions.parse("224.0.0.0/24"), "224.0.0.1").isEmpty()).isTrue();
  }
}
