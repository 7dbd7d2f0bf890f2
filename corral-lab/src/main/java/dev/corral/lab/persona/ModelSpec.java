package dev.corral.lab.persona;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One model an emulated server has installed: the metadata Ollama reports for it in {@code
 * /api/tags}, {@code /api/show} and {@code /api/ps}. No weights exist; text is synthesised.
 *
 * @param name full display name with tag, e.g. {@code llama3.2:latest}
 * @param family GGUF architecture family, e.g. {@code llama}
 * @param families families list as Ollama reports it (may be empty)
 * @param parameterSize e.g. {@code 3.2B}
 * @param quantization e.g. {@code Q4_K_M}
 * @param size sum of layer sizes in bytes
 * @param digest 64 hex characters, the SHA-256 of the manifest
 * @param modifiedAt manifest modification time
 * @param capabilities e.g. completion, tools, vision, embedding, thinking, insert
 * @param contextLength the model's trained context length
 * @param embeddingLength the embedding width
 * @param template the prompt template
 * @param system the default system prompt, or empty
 * @param license the license text, or empty
 */
public record ModelSpec(
    String name,
    String family,
    List<String> families,
    String parameterSize,
    String quantization,
    long size,
    String digest,
    Instant modifiedAt,
    List<String> capabilities,
    int contextLength,
    int embeddingLength,
    String template,
    String system,
    String license) {

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    families = List.copyOf(families);
    capabilities = List.copyOf(capabilities);
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("model " + name + ": digest must be 64 lower-case hex");
    }
  }

  public boolean isEmbedding() {
    return capabilities.contains("embedding");
  }

  public boolean has(String capability) {
    return capabilities.contains(capability);
  }

  /** A copy under another name (what {@code /api/copy} makes). */
  public ModelSpec renamed(String newName, Instant now) {
    return new ModelSpec(
        newName,
        family,
        families,
        parameterSize,
        quantization,
        size,
        digest,
        now,
        capabilities,
        contextLength,
        embeddingLength,
        template,
        system,
        license);
  }

  /** Deterministic stand-in digest: SHA-256 of a seed string, as 64 hex characters. */
  public static String digestOf(String seed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
