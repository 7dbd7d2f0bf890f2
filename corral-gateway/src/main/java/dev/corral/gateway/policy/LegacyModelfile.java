package dev.corral.gateway.policy;

import dev.corral.core.vuln.GatewayRule;
import dev.corral.gateway.policy.ModelfileParsers.Command;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code modelfile} text that Ollama v0.1.10 - v0.5.4 parsed on the server. Its {@code FROM}
 * and {@code ADAPTER} lines could name any file on the server (file-existence oracle
 * CVE-2024-39719, {@code /dev/random} hang CVE-2024-39721, adapter exfiltration CVE-2024-28224, zip
 * import CVE-2024-45436), so only model names and uploaded blobs ({@code @sha256:...}) are let
 * through.
 *
 * <p>Ollama read this text with nine variants of two parsers over those releases, and they disagree
 * on line breaks ('\r'), byte-order marks, unprintable runes and quotes. The text is read with a
 * port of each ({@link ModelfileParsers}) and every {@code FROM}/{@code ADAPTER} any of them sees
 * is judged; a version that refuses the text contributes nothing, as it runs none of it.
 */
final class LegacyModelfile {

  private LegacyModelfile() {}

  /**
   * The model names its {@code FROM} commands use, as any Ollama version would read them; refuses
   * any filesystem reference, and text the versions read as different FROM/ADAPTER sets.
   */
  static List<String> baseModels(String modelfile) throws Refusal {
    Set<String> models = new LinkedHashSet<>();
    Set<Set<String>> readings = new HashSet<>();
    for (Optional<List<Command>> reading : ModelfileParsers.readAll(modelfile).values()) {
      if (reading.isEmpty()) {
        continue; // that version refuses the text: nothing of it runs
      }
      Set<String> files = new HashSet<>();
      for (Command command : reading.get()) {
        // Versions up to v0.1.48 keep blanks around arguments; CreateModel then fails to parse
        // "name " as a model and tries it as a file relative to its working directory.
        String target = ModelfileParsers.goTrimSpace(command.args());
        switch (command.name()) {
          case "model" -> {
            if (!isBlobReference(target)) {
              if (looksLikePath(target)) {
                throw pathRefusal(target);
              }
              models.add(target);
            }
          }
          case "adapter" -> {
            if (!isBlobReference(target)) {
              throw pathRefusal(target);
            }
          }
          default -> {
            continue; // LICENSE, TEMPLATE, SYSTEM, MESSAGE, parameters: text, not files
          }
        }
        files.add(command.name() + " " + target);
      }
      readings.add(files);
    }
    if (readings.size() > 1) {
      // Each set is harmless on its own, but text that Ollama versions read as different
      // commands is built to confuse parsers, and this one may be the next to be wrong.
      throw new Refusal(
          403,
          GatewayRule.CREATE_NO_LEGACY_PATHS.id(),
          "Ollama versions would read different FROM/ADAPTER lines in this modelfile");
    }
    return new ArrayList<>(models);
  }

  /**
   * {@code @sha256:<hex>}: a blob uploaded through {@code /api/blobs}, checked there. Any other
   * {@code @} reference is refused as a malformed digest.
   */
  private static boolean isBlobReference(String target) throws Refusal {
    if (!target.startsWith("@")) {
      return false;
    }
    if (!Digests.isSha256(target.substring(1))) {
      throw new Refusal(
          400,
          GatewayRule.MANIFEST_DIGEST_FORMAT.id(),
          "modelfile blob references must be @sha256:<64 hex>");
    }
    return true;
  }

  static boolean looksLikePath(String target) {
    return target.isEmpty()
        || target.startsWith("/")
        || target.startsWith(".")
        || target.startsWith("~")
        || target.startsWith("@")
        || target.contains("\\")
        || target.contains("..")
        || (target.length() > 1 && target.charAt(1) == ':') // C:\ or C:/
        || target.toLowerCase(Locale.ROOT).endsWith(".zip")
        || target.toLowerCase(Locale.ROOT).endsWith(".gguf")
        || target.toLowerCase(Locale.ROOT).endsWith(".bin")
        || target.toLowerCase(Locale.ROOT).endsWith(".safetensors");
  }

  private static Refusal pathRefusal(String target) {
    if (target.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return new Refusal(
          403, GatewayRule.CREATE_NO_ZIP_IMPORT.id(), "zip model imports are not allowed");
    }
    return new Refusal(
        403,
        GatewayRule.CREATE_NO_LEGACY_PATHS.id(),
        "modelfile FROM and ADAPTER may only name models or uploaded blobs (@sha256:...)");
  }
}
