package dev.corral.scan.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.scan.target.Target;
import org.junit.jupiter.api.Test;

class SeenTargetsTest {

  private static Target t(String host, int port, String scheme) {
    return new Target(host + ":" + port, host, port, scheme);
  }

  @Test
  void aServiceIsTakenOnceButPortAndSchemeMakeItAnother() {
    SeenTargets seen = new SeenTargets();
    assertThat(seen.firstTime(t("203.0.113.7", 11434, "http"))).isTrue();
    assertThat(seen.firstTime(t("203.0.113.7", 11434, "http"))).isFalse();
    assertThat(seen.firstTime(t("203.0.113.7", 11435, "http"))).isTrue();
    assertThat(seen.firstTime(t("203.0.113.7", 11434, "https"))).isTrue();
    assertThat(seen.firstTime(t("203.0.113.8", 11434, "http"))).isTrue();
    assertThat(seen.size()).isEqualTo(4);
  }

  @Test
  void extremesOfTheAddressAndPortSpacesAreDistinct() {
    SeenTargets seen = new SeenTargets();
    assertThat(seen.firstTime(t("0.0.0.0", 1, "http"))).isTrue();
    assertThat(seen.firstTime(t("255.255.255.255", 65535, "https"))).isTrue();
    assertThat(seen.firstTime(t("255.255.255.255", 65535, "http"))).isTrue();
    assertThat(seen.firstTime(t("0.0.0.0", 1, "http"))).isFalse();
    assertThat(seen.firstTime(t("255.255.255.255", 65535, "https"))).isFalse();
  }

  @Test
  void ipv6AndNamesAreTrackedToo() {
    SeenTargets seen = new SeenTargets();
    assertThat(seen.firstTime(t("2001:db8::1", 11434, "http"))).isTrue();
    assertThat(seen.firstTime(t("2001:db8::1", 11434, "http"))).isFalse();
    assertThat(seen.firstTime(t("2001:db8::2", 11434, "http"))).isTrue();
  }

  @Test
  void survivesGrowthWithoutLosingOrInventingEntries() {
    SeenTargets seen = new SeenTargets();
    int n = 200_000; // many times the initial table, with ports that vary in the low bits only
    for (int i = 0; i < n; i++) {
      String host = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      assertThat(seen.firstTime(t(host, 11434 + (i % 3), "http"))).isTrue();
    }
    for (int i = 0; i < n; i += 997) {
      String host = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      assertThat(seen.firstTime(t(host, 11434 + (i % 3), "http"))).isFalse();
      assertThat(seen.firstTime(t(host, 11434 + (i % 3), "https"))).isTrue();
    }
    assertThat(seen.size()).isEqualTo(n + (n + 996) / 997);
  }
}
