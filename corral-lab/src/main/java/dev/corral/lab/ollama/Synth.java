package dev.corral.lab.ollama;

import dev.corral.lab.persona.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic stand-in for a language model: the same prompt always gives the same tokens,
 * counters and embeddings, so tests and detection rules can rely on them. Simple arithmetic is
 * answered correctly, because the benign probe scanners send ("What is 2+2?") checks for it.
 */
final class Synth {
  private static final Pattern SUM = Pattern.compile("(-?\\d{1,9})\\s*([+*xX/-])\\s*(-?\\d{1,9})");
  private static final String DEFAULT_ANSWER =
      "Hello! This is corral lab, an emulated Ollama server for practice. No model ran to write"
          + " this reply.";

  private Synth() {}

  /** The reply to a prompt, split into tokens the way a tokenizer streams them. */
  static List<String> replyTokens(String prompt) {
    String reply = DEFAULT_ANSWER;
    Matcher m = SUM.matcher(prompt);
    if (m.find()) {
      long a = Long.parseLong(m.group(1));
      long b = Long.parseLong(m.group(3));
      String op = m.group(2);
      String result =
          switch (op) {
            case "+" -> Long.toString(a + b);
            case "-" -> Long.toString(a - b);
            case "/" -> b == 0 ? "undefined" : Long.toString(a / b);
            default -> Long.toString(a * b);
          };
      reply = a + " " + op + " " + b + " = " + result + ".";
    }
    return split(reply);
  }

  static List<String> split(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher word = Pattern.compile("\\s*\\S+").matcher(text);
    while (word.find()) {
      tokens.add(word.group());
    }
    return tokens;
  }

  /** Prompt token count: about four characters a token plus the chat template's overhead. */
  static int promptTokens(String prompt) {
    return Math.max(1, (prompt.length() + 3) / 4) + 10;
  }

  /** Token ids for {@code context}: stable for a given text. */
  static List<Integer> context(String text, int count) {
    Random random = new Random(text.hashCode());
    List<Integer> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(random.nextInt(128_000));
    }
    return ids;
  }

  /** A unit-length embedding of the model's width, stable for (model, text). */
  static float[] embedding(ModelSpec model, String text) {
    int width = Math.max(8, model.embeddingLength());
    Random random = new Random((model.name() + "\u0000" + text).hashCode());
    float[] v = new float[width];
    double norm = 0;
    for (int i = 0; i < width; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < width; i++) {
      v[i] *= scale;
    }
    return v;
  }

  /** Emulated time to load a model into memory: grows with its size, as on real hardware. */
  static long loadNanos(ModelSpec model) {
    return 180_000_000L + model.size() / 4;
  }
}
