package dev.corral.gateway.policy;

import dev.corral.core.vuln.GatewayRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code modelfile} text that Ollama up to v0.5.4 parsed on the server. Its {@code FROM} and
 * {@code ADAPTER} lines could name any file on the server (file-existence oracle CVE-2024-39719,
 * {@code /dev/random} hang CVE-2024-39721, adapter exfiltration CVE-2024-28224, zip import
 * CVE-2024-45436), so only model names and uploaded blobs ({@code @sha256:...}) are let through.
 */
final class LegacyModelfile {

  private LegacyModelfile() {}

  /** The model names its {@code FROM} lines use; refuses any filesystem reference. */
  static List<String> baseModels(String modelfile) throws Refusal {
    List<String> models = new ArrayList<>();
    boolean inTripleQuote = false;
    for (String rawLine : modelfile.split("\n", -1)) {
      String line = rawLine.strip();
      if (inTripleQuote) {
        if (line.contains("\"\"\"")) {
          inTripleQuote = false;
        }
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = firstSpace(line);
      String command = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
      String argument = space < 0 ? "" : line.substring(space + 1).strip();
      if (argument.startsWith("\"\"\"")
          && (argument.length() < 6 || !argument.endsWith("\"\"\""))) {
        inTripleQuote = true;
      }
      switch (command) {
        case "FROM" -> {
          String target = unquote(argument);
          if (isBlobReference(target)) {
            continue;
          }
          if (looksLikePath(target)) {
            throw pathRefusal(target);
          }
          models.add(target);
        }
        case "ADAPTER" -> {
          String target = unquote(argument);
          if (!isBlobReference(target)) {
            throw pathRefusal(target);
          }
        }
        default -> {
          // LICENSE, TEMPLATE, SYSTEM, PARAMETER, MESSAGE carry text, not file references.
        }
      }
    }
    return models;
  }

  private static int firstSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (Character.isWhitespace(line.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String argument) {
    if (argument.length() >= 2 && argument.startsWith("\"") && argument.endsWith("\"")) {
      return argument.substring(1, argument.length() - 1);
    }
    return argument;
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
