package dev.corral.lab.persona;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models the lab knows by name, with metadata shaped like the real library entries (families,
 * sizes, quantizations, capabilities), so listings look like what scanners meet in the wild. A
 * persona names these; {@code /api/pull} can "download" any of them.
 */
public final class ModelCatalog {
  private static final Instant BASE = Instant.parse("2025-05-04T17:37:44.706015396Z");
  private static final String LLAMA_TEMPLATE =
      "<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>"
          + "<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>"
          + "<|start_header_id|>assistant<|end_header_id|>\n\n{{ .Response }}<|eot_id|>";
  private static final String CHATML_TEMPLATE =
      "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
          + "{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}"
          + "<|im_start|>assistant\n{{ .Response }}<|im_end|>";

  private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();

  static {
    add(
        "llama3.2:latest",
        "llama",
        List.of("llama"),
        "3.2B",
        "Q4_K_M",
        2019393189L,
        0,
        List.of("completion", "tools"),
        131072,
        3072,
        LLAMA_TEMPLATE,
        "",
        "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT");
    add(
        "qwen2.5:0.5b",
        "qwen2",
        List.of("qwen2"),
        "494.03M",
        "Q4_K_M",
        397821319L,
        1,
        List.of("completion", "tools"),
        32768,
        896,
        CHATML_TEMPLATE,
        "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
        "Apache License 2.0");
    add(
        "nomic-embed-text:latest",
        "nomic-bert",
        List.of("nomic-bert"),
        "137M",
        "F16",
        274302450L,
        2,
        List.of("embedding"),
        2048,
        768,
        "{{ .Prompt }}",
        "",
        "Apache License 2.0");
    add(
        "llava:7b",
        "llama",
        List.of("llama", "clip"),
        "7B",
        "Q4_0",
        4733363377L,
        3,
        List.of("completion", "vision"),
        32768,
        4096,
        "[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]",
        "",
        "Apache License 2.0");
    add(
        "deepseek-r1:8b",
        "qwen3",
        List.of("qwen3"),
        "8.2B",
        "Q4_K_M",
        5225376047L,
        4,
        List.of("completion", "thinking"),
        131072,
        4096,
        CHATML_TEMPLATE,
        "",
        "MIT License");
    add(
        "gemma2:2b",
        "gemma2",
        List.of("gemma2"),
        "2.6B",
        "Q4_0",
        1629518495L,
        5,
        List.of("completion"),
        8192,
        2304,
        "<start_of_turn>user\n{{ .Prompt }}<end_of_turn>\n<start_of_turn>model\n{{ .Response }}<end_of_turn>",
        "",
        "Gemma Terms of Use");
    add(
        "smollm2:135m",
        "llama",
        List.of("llama"),
        "134.52M",
        "Q8_0",
        270898672L,
        6,
        List.of("completion", "tools"),
        8192,
        576,
        CHATML_TEMPLATE,
        "You are a helpful AI assistant named SmolLM, trained by Hugging Face",
        "Apache License 2.0");
    add(
        "mistral:latest",
        "llama",
        List.of("llama"),
        "7.2B",
        "Q4_K_M",
        4113301824L,
        7,
        List.of("completion", "tools"),
        32768,
        4096,
        "[INST] {{ .Prompt }} [/INST]",
        "",
        "Apache License 2.0");
  }

  private ModelCatalog() {}

  @SuppressWarnings("ParameterNumber")
  private static void add(
      String name,
      String family,
      List<String> families,
      String parameters,
      String quantization,
      long size,
      int ageDays,
      List<String> capabilities,
      int context,
      int embedding,
      String template,
      String system,
      String license) {
    MODELS.put(
        name,
        new ModelSpec(
            name,
            family,
            families,
            parameters,
            quantization,
            size,
            ModelSpec.digestOf("corral-lab:" + name),
            BASE.minusSeconds(86_400L * ageDays * 3 + 3_600L * ageDays),
            capabilities,
            context,
            embedding,
            template,
            system,
            license));
  }

  /** Looks a model up by its full name; {@code llama3.2} means {@code llama3.2:latest}. */
  public static Optional<ModelSpec> find(String name) {
    String full = name.contains(":") ? name : name + ":latest";
    return Optional.ofNullable(MODELS.get(full));
  }

  public static List<String> names() {
    return List.copyOf(MODELS.keySet());
  }

  /** The models a lab instance has when the user names none. */
  public static List<String> defaults() {
    return List.of("llama3.2:latest", "qwen2.5:0.5b", "nomic-embed-text:latest");
  }
}
