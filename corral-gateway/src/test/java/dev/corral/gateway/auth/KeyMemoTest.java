package dev.corral.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMemoTest {
  private static final String KEY = "corral_" + "a".repeat(52);

  @Test
  void givesBackTheHashOnlyForTheSameKey() {
    KeyMemo memo = new KeyMemo();
    assertThat(memo.hashOf(KEY)).as("nothing remembered yet").isNull();
    byte[] hash = {1, 2, 3};
    memo.remember(KEY, hash);

    assertThat(memo.hashOf(new String(KEY.toCharArray()))).isSameAs(hash);
    assertThat(memo.hashOf(KEY.substring(0, KEY.length() - 1) + "b")).isNull();
    assertThat(memo.hashOf("b" + KEY.substring(1))).isNull();
    assertThat(memo.hashOf(KEY + "a")).isNull();
    assertThat(memo.hashOf(KEY.substring(1))).isNull();
    assertThat(memo.hashOf(KEY.toUpperCase())).isNull();
    assertThat(memo.hashOf("")).isNull();

    byte[] other = {4};
    memo.remember("corral_" + "b".repeat(52), other);
    assertThat(memo.hashOf(KEY)).as("only the last key is remembered").isNull();
  }

  @Test
  void comparesEveryCharacter() {
    assertThat(KeyMemo.sameChars("abc", "abc")).isTrue();
    assertThat(KeyMemo.sameChars("", "")).isTrue();
    assertThat(KeyMemo.sameChars("abc", "abd")).isFalse();
    assertThat(KeyMemo.sameChars("abc", "xbc")).isFalse();
    assertThat(KeyMemo.sameChars("abc", "ab")).isFalse();
    // Characters whose XOR has only high bits set must still differ.
    assertThat(KeyMemo.sameChars("a\u0100", "a\u0000")).isFalse();
  }
}
