package dev.corral.store.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostKeysTest {
  @Test
  void ordersByCodePointLikeTheDatabases() {
    assertThat(HostKeys.compare("http://127.0.0.1:11434", "http://127.0.0.1:11434")).isZero();
    assertThat(HostKeys.compare("http://127.0.0.1:11434", "http://[::1]:11434")).isNegative();
    assertThat(HostKeys.compare("http://x", "https://x")).isNegative();
    assertThat(HostKeys.compare("http://x", "http://x:1")).isNegative();
    // U+FFFD sorts below U+1F600 by code point, but above its UTF-16 surrogates.
    assertThat(HostKeys.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
    assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
  }
}
