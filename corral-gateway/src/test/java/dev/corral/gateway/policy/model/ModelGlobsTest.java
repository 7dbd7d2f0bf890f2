package dev.corral.gateway.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelGlobsTest {

  private static boolean allows(String glob, String name) {
    return ModelGlobs.of(List.of(glob)).allows(ModelName.parse(name).orElseThrow());
  }

  @Test
  void aPrefixGlobMatchesEverySpellingOfTheModel() {
    for (String name :
        List.of(
            "llama3",
            "llama3:latest",
            "LLAMA3:8B",
            "registry.ollama.ai/library/llama3:8b",
            "library/llama3:70b",
            "llama3.1")) {
      assertThat(allows("llama3*", name)).as(name).isTrue();
    }
    for (String name :
        List.of("hf.co/x/llama3:latest", "someone/llama3", "codellama3", "mistral")) {
      assertThat(allows("llama3*", name)).as(name).isFalse();
    }
  }

  @Test
  void aBareNameMatchesEveryTagOfThatModelOnly() {
    assertThat(allows("llama3", "llama3:70b")).isTrue();
    assertThat(allows("llama3", "llama3.1")).isFalse();
    assertThat(allows("llama3:latest", "llama3")).isTrue();
    assertThat(allows("llama3:latest", "llama3:8b")).isFalse();
    assertThat(allows("llama3:8?", "llama3:8b")).isTrue();
  }

  @Test
  void starAloneAllowsEverythingAndNoGlobsAllowNothing() {
    assertThat(allows("*", "hf.co/x/y:q4")).isTrue();
    assertThat(allows("*/*/*", "hf.co/x/y:q4")).isTrue();
    assertThat(allows("*/*", "hf.co/x/y:q4"))
        .as("namespace/model keeps the default host")
        .isFalse();
    assertThat(ModelGlobs.of(List.of()).allows(ModelName.parse("llama3").orElseThrow())).isFalse();
  }

  @Test
  void starsNeverCrossPartBoundaries() {
    assertThat(allows("hf.co/*/*", "hf.co/bartowski/qwen:q4")).isTrue();
    assertThat(allows("hf.co/*/*", "llama3")).isFalse();
    assertThat(allows("library/*", "evil/llama3")).isFalse();
    assertThat(allows("l*3", "library/l/x3")).isFalse();
  }

  @Test
  void unreadableGlobsAreRefusedOrDropped() {
    assertThatThrownBy(() -> ModelGlobs.of(List.of("a/b/c/d"))).hasMessageContaining("a/b/c/d");
    assertThatThrownBy(() -> ModelGlobs.of(List.of("a//b"))).hasMessageContaining("empty");
    ModelGlobs lenient = ModelGlobs.lenient(List.of("a/b/c/d", "mistral"));
    assertThat(lenient.allows(ModelName.parse("mistral").orElseThrow())).isTrue();
    assertThat(lenient.allows(ModelName.parse("a/b/c").orElseThrow())).isFalse();
  }

  @Test
  void matchingIsLinearOnHostileGlobs() {
    String glob = "a*".repeat(40) + "b";
    long start = System.nanoTime();
    assertThat(ModelGlobs.match(glob, "a".repeat(80))).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void aNamesVerdictIsTheSameRememberedOrNot() {
    ModelGlobs globs = ModelGlobs.of(List.of("llama3*", "hf.co/bartowski/*"));
    List<String> names =
        List.of(
            "llama3",
            "LLAMA3:latest",
            "registry.ollama.ai/library/llama3.2:1b",
            "qwen2.5:0.5b",
            "hf.co/bartowski/qwen:q4",
            "hf.co/other/qwen:q4",
            "",
            "a/b/c/d",
            "llama3:",
            "x".repeat(ModelGlobs.MAX_REMEMBERED_LENGTH + 1));
    for (int round = 0; round < 3; round++) {
      for (String name : names) {
        boolean expected = ModelName.parse(name).map(globs::allows).orElse(false);
        assertThat(globs.allowsName(name)).as("%s, round %d", name, round).isEqualTo(expected);
      }
    }
    // Past the bound nothing more is remembered, and verdicts stay right.
    for (int i = 0; i < 2 * ModelGlobs.MAX_REMEMBERED; i++) {
      String name = (i % 2 == 0 ? "llama3:" : "mistral:") + i;
      assertThat(globs.allowsName(name)).as(name).isEqualTo(i % 2 == 0);
      assertThat(globs.allowsName(name)).as(name).isEqualTo(i % 2 == 0);
    }
    assertThat(globs.allowsName("LLAMA3:latest")).isTrue();
    assertThat(globs.allowsName("qwen2.5:0.5b")).isFalse();
  }
}
