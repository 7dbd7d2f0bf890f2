package dev.corral.gateway.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ModelNameTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "llama3, registry.ollama.ai/library/llama3:latest",
    "LLama3, registry.ollama.ai/library/llama3:latest",
    "llama3:latest, registry.ollama.ai/library/llama3:latest",
    "llama3:8B, registry.ollama.ai/library/llama3:8b",
    "library/llama3, registry.ollama.ai/library/llama3:latest",
    "registry.ollama.ai/library/llama3:latest, registry.ollama.ai/library/llama3:latest",
    "Registry.Ollama.AI/Library/Llama3:Latest, registry.ollama.ai/library/llama3:latest",
    "jmorgan/mixtral:8x7b, registry.ollama.ai/jmorgan/mixtral:8x7b",
    "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M,"
        + " hf.co/bartowski/llama-3.2-1b-instruct-gguf:q4_k_m",
    "localhost:5000/ns/m, localhost:5000/ns/m:latest",
    "llama3.1:8b-instruct-q4_0, registry.ollama.ai/library/llama3.1:8b-instruct-q4_0",
    "_x, registry.ollama.ai/library/_x:latest",
  })
  void canonicalisesLikeOllama(String text, String canonical) {
    assertThat(ModelName.parse(text)).get().extracting(ModelName::canonical).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidNames")
  void refusesWhatOllamaCallsInvalid(String text) {
    assertThat(ModelName.parse(text)).isEmpty();
  }

  static List<String> invalidNames() {
    return List.of(
        "",
        ":",
        "llama3:",
        ":latest",
        "/llama3",
        "ns/",
        "a//b",
        "a/b/c/d",
        "-llama",
        ".llama",
        "llama 3",
        "llama3:la/test",
        "lib.rary/llama3",
        "host/ns/mo@del",
        "../../etc/passwd",
        "..",
        "llama3:" + "t".repeat(81),
        "m".repeat(81),
        "ftp://host/ns/m",
        "llama3\u0000",
        "llämä");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"http://evil.example/ns/m:tag, http", "https://evil.example/ns/m, https"})
  void keepsAnExplicitScheme(String text, String scheme) {
    ModelName name = ModelName.parse(text).orElseThrow();
    assertThat(name.scheme()).isEqualTo(scheme);
    assertThat(name.host()).isEqualTo("evil.example");
  }
}
