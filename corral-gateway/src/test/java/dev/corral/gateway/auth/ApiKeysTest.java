package dev.corral.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void newKeysHaveThePrefixTheLengthAndNoLookAlikeCharacters() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String key = ApiKeys.newKey(random);
      assertThat(key).startsWith("corral_").hasSize(59).matches("corral_[0-9a-hjkmnp-tv-z]{52}");
      assertThat(key.substring(7)).doesNotContain("i", "l", "o", "u");
      assertThat(ApiKeys.isKey(key)).as(key).isTrue();
      assertThat(ApiKeys.containsKeyLike(key)).isTrue();
      assertThat(seen.add(key)).isTrue();
    }
  }

  @Test
  void allOnesAndAllZerosEncodeToValidKeys() {
    SecureRandom ones =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0xff);
          }
        };
    String key = ApiKeys.newKey(ones);
    // 256 one bits: 51 full characters, then the last bit and four zero bits.
    assertThat(key).isEqualTo("corral_" + "z".repeat(51) + "g");
    assertThat(ApiKeys.isKey(key)).isTrue();
    assertThat(ApiKeys.isKey("corral_" + "z".repeat(51) + "h"))
        .as("padding bits must be zero")
        .isFalse();
    assertThat(ApiKeys.isKey("corral_" + "0".repeat(52))).isTrue();
  }

  @Test
  void anythingNotShapedLikeAKeyIsRefusedWithoutThrowing() {
    String good = ApiKeys.newKey(random);
    String[] bad = {
      null,
      "",
      "corral_",
      "corral",
      good.substring(0, 58),
      good + "0",
      good.toUpperCase(java.util.Locale.ROOT),
      "Corral_" + good.substring(7),
      "corral-" + good.substring(7),
      "corral_" + "l".repeat(51) + "0",
      "corral_" + "0".repeat(50) + "é0",
      "corral_" + "0".repeat(50) + "\u0000" + "0",
      "corral_" + "0".repeat(51) + " ",
      " " + good.substring(0, 58),
      "x".repeat(1_000_000),
      "sk-" + good.substring(3),
    };
    for (String s : bad) {
      assertThat(ApiKeys.isKey(s)).as(String.valueOf(s).length() > 80 ? "long" : s).isFalse();
    }
  }

  @Test
  void idsAreShortPublicNames() {
    String id = ApiKeys.newId(random);
    assertThat(id).matches("ck_[0-9a-hjkmnp-tv-z]{12}");
    assertThat(ApiKeys.isId(id)).isTrue();
    assertThat(ApiKeys.isId(null)).isFalse();
    assertThat(ApiKeys.isId("ck_")).isFalse();
    assertThat(ApiKeys.isId("ck_ILLEGALCHARS")).isFalse();
    assertThat(ApiKeys.isId(id + "0")).isFalse();
    assertThat(ApiKeys.isId(ApiKeys.newKey(random))).isFalse();
  }

  @Test
  void keyLikeTextIsFoundAnywhereInAnyCase() {
    String key = ApiKeys.newKey(random);
    assertThat(ApiKeys.containsKeyLike("x=" + key + "&y=1")).isTrue();
    assertThat(
            ApiKeys.containsKeyLike(
                "CORRAL_" + key.substring(7, 30).toUpperCase(java.util.Locale.ROOT)))
        .isTrue();
    assertThat(ApiKeys.containsKeyLike("corral_0123456789abcdef")).isTrue();
    // The shortest key-like text, at the very end of a longer one; one character less is not.
    assertThat(ApiKeys.containsKeyLike("model corral_0123456789abcdef")).isTrue();
    assertThat(ApiKeys.containsKeyLike("model corral_0123456789abcde")).isFalse();
    assertThat(ApiKeys.containsKeyLike("corral_short")).isFalse();
    assertThat(ApiKeys.containsKeyLike("the corral_ gateway")).isFalse();
    assertThat(ApiKeys.containsKeyLike("corra")).isFalse();
    assertThat(ApiKeys.containsKeyLike(null)).isFalse();

    assertThat(ApiKeys.mayHoldKey("/api/" + key)).isTrue();
    assertThat(ApiKeys.mayHoldKey("/api/corral%5F" + key.substring(7))).isTrue();
    assertThat(ApiKeys.mayHoldKey("/api/%63orral_" + key.substring(7))).isTrue();
    assertThat(ApiKeys.mayHoldKey("/api/chat?stream=true")).isFalse();
    assertThat(ApiKeys.mayHoldKey("/api/%zz%")).isFalse();
    assertThat(ApiKeys.mayHoldKey(null)).isFalse();
  }

  @Test
  void theHashDependsOnThePepperAndIsStable() {
    String key = ApiKeys.newKey(random);
    KeyHasher a = new KeyHasher("a".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    KeyHasher b = new KeyHasher("b".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(a.hashHex(key)).hasSize(64).isEqualTo(a.hashHex(key)).isNotEqualTo(b.hashHex(key));
    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).isNotEqualTo(a.hashHex(key));
    // Known answer: HMAC-SHA-256 with key "a"*32 over "corral_" + "0"*52.
    assertThat(a.hashHex("corral_" + "0".repeat(52)))
        .isEqualTo(KnownHmac.hex("a".repeat(32), "corral_" + "0".repeat(52)));
    // Longer and shorter texts than a key take other paths through the hasher.
    assertThat(a.hashHex("x".repeat(500)))
        .isEqualTo(KnownHmac.hex("a".repeat(32), "x".repeat(500)));
    assertThat(a.hashHex("")).isEqualTo(KnownHmac.hex("a".repeat(32), ""));
    assertThat(a.hashHex("ab")).isEqualTo(KnownHmac.hex("a".repeat(32), "ab"));
  }
}
