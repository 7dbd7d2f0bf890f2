package dev.corral.lab.ollama;

import dev.corral.lab.persona.ModelSpec;
import java.math.BigDecimal;
import java.util.List;

/** Derived facts about a model spec that several views need. */
final class ModelSpecs {
  private ModelSpecs() {}

  /** Digest of the (absent) weights layer, stable per model. */
  static String weightsDigest(ModelSpec m) {
    return ModelSpec.digestOf("weights:" + m.name());
  }

  /** Stop sequences implied by the template's markers. */
  static List<String> stops(ModelSpec m) {
    if (m.template().contains("<|eot_id|>")) {
      return List.of("\"<|start_header_id|>\"", "\"<|end_header_id|>\"", "\"<|eot_id|>\"");
    }
    if (m.template().contains("<|im_end|>")) {
      return List.of("\"<|im_start|>\"", "\"<|im_end|>\"");
    }
    if (m.template().contains("<end_of_turn>")) {
      return List.of("\"<start_of_turn>\"", "\"<end_of_turn>\"");
    }
    return List.of();
  }

  /** {@code 3.2B} → 3200000000, {@code 494.03M} → 494030000. */
  static long parameterCount(ModelSpec m) {
    String size = m.parameterSize();
    if (size.isEmpty()) {
      return 0;
    }
    char unit = size.charAt(size.length() - 1);
    long factor =
        switch (unit) {
          case 'B' -> 1_000_000_000L;
          case 'M' -> 1_000_000L;
          case 'K' -> 1_000L;
          default -> 1L;
        };
    String number = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
    try {
      return new BigDecimal(number).multiply(BigDecimal.valueOf(factor)).longValue();
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
