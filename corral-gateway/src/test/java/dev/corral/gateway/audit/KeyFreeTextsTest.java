package dev.corral.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.auth.ApiKeys;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyFreeTextsTest {
  private static final String KEY = ApiKeys.newKey(new SecureRandom());

  @Test
  void aKeyShapedTextIsFoundEveryTimeEvenBesideRememberedOnes() {
    KeyFreeTexts checked = new KeyFreeTexts();
    String[] texts = {
      "/api/chat",
      "/api/" + KEY,
      "registry.ollama.ai/library/llama3.2:latest",
      "/api/corral%5F" + KEY.substring(ApiKeys.KEY_PREFIX.length()),
      KEY.toUpperCase(java.util.Locale.ROOT),
    };
    for (int round = 0; round < 3; round++) {
      for (String text : texts) {
        // A new String each time, as a parsed model name is: equal text, never the same instance.
        String copy = new String(text.toCharArray());
        assertThat(checked.mayHoldKey(copy))
            .as("round %d: %s", round, text)
            .isEqualTo(ApiKeys.mayHoldKey(text));
      }
    }
    assertThat(checked.mayHoldKey("/api/" + KEY)).isTrue();
    assertThat(checked.mayHoldKey(null)).isFalse();
  }

  @Test
  void moreTextsThanItRemembersAreStillAnsweredRight() {
    KeyFreeTexts checked = new KeyFreeTexts();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50; i++) {
        assertThat(checked.mayHoldKey("/api/unknown/" + i)).isFalse();
        assertThat(checked.mayHoldKey("/api/unknown/" + i + "/" + KEY)).isTrue();
      }
    }
  }
}
