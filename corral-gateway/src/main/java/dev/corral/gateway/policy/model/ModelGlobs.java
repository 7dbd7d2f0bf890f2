package dev.corral.gateway.policy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key's model allowlist: globs matched against canonical names ({@link ModelName#canonical()}).
 *
 * <p>A glob is read like a model name, part by part: {@code model[:tag]}, {@code
 * namespace/model[:tag]} or {@code host/namespace/model[:tag]}, with Ollama's defaults filling a
 * missing host ({@code registry.ollama.ai}) and namespace ({@code library}); a glob without a tag
 * matches every tag. Within a part {@code *} matches any run of characters and {@code ?} exactly
 * one, never across {@code /} or {@code :}. Matching ignores case, as Ollama does. The single glob
 * {@code *} matches every model on every registry. So {@code llama3*} matches {@code llama3},
 * {@code llama3:latest}, {@code registry.ollama.ai/library/llama3:8b} and {@code llama3.1:8b}, but
 * not {@code hf.co/x/llama3:latest}; {@code *}{@code /}{@code *}{@code /}{@code *} matches every
 * model of every registry too.
 */
public final class ModelGlobs {

  /** Verdicts remembered per allowlist: a listing names the same few models on every answer. */
  static final int MAX_REMEMBERED = 512;

  /** Longer names are judged every time rather than remembered. */
  static final int MAX_REMEMBERED_LENGTH = 256;

  private final boolean everything;
  private final List<String[]> globs;

  /**
   * {@link #allowsName} verdicts by the text judged. A verdict depends on the text and the globs
   * alone, and the globs never change, so a remembered one is always right; the bound keeps clients
   * that send endless distinct names from growing it.
   */
  private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

  private ModelGlobs(boolean everything, List<String[]> globs) {
    this.everything = everything;
    this.globs = globs;
  }

  /** Compiles {@code globs}; throws naming the first glob that cannot be read. */
  public static ModelGlobs of(List<String> globs) {
    boolean everything = false;
    List<String[]> parts = new ArrayList<>();
    for (String glob : globs) {
      String g = glob.strip().toLowerCase(Locale.ROOT);
      if (g.equals("*")) {
        everything = true;
        continue;
      }
      parts.add(split(glob, g));
    }
    return new ModelGlobs(everything, List.copyOf(parts));
  }

  /** Like {@link #of}, but a glob that cannot be read is dropped (it then allows nothing). */
  public static ModelGlobs lenient(List<String> globs) {
    List<String> readable = new ArrayList<>();
    for (String glob : globs) {
      try {
        of(List.of(glob));
        readable.add(glob);
      } catch (IllegalArgumentException e) {
        // skipped: an unreadable glob must not widen the allowlist
      }
    }
    return of(readable);
  }

  private static String[] split(String original, String g) {
    String tag = "*";
    int lastColon = g.lastIndexOf(':');
    if (lastColon > g.lastIndexOf('/')) {
      tag = g.substring(lastColon + 1);
      g = g.substring(0, lastColon);
    }
    String[] segments = g.split("/", -1);
    String host = ModelName.DEFAULT_HOST;
    String namespace = ModelName.DEFAULT_NAMESPACE;
    String model;
    switch (segments.length) {
      case 1 -> model = segments[0];
      case 2 -> {
        namespace = segments[0];
        model = segments[1];
      }
      case 3 -> {
        host = segments[0];
        namespace = segments[1];
        model = segments[2];
      }
      default ->
          throw new IllegalArgumentException("model glob '" + original + "' has too many parts");
    }
    for (String part : new String[] {host, namespace, model, tag}) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("model glob '" + original + "' has an empty part");
      }
    }
    return new String[] {host, namespace, model, tag};
  }

  /** Whether the canonical name may be used. */
  public boolean allows(ModelName name) {
    if (everything) {
      return true;
    }
    for (String[] glob : globs) {
      if (match(glob[0], name.host())
          && match(glob[1], name.namespace())
          && match(glob[2], name.model())
          && match(glob[3], name.tag())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the model {@code text} names, read as Ollama reads a name ({@link ModelName#parse}),
   * may be used; a text that is no model name may not. Remembers its verdicts: the listing filter
   * asks this for every entry of every listing, and parsing and matching the same names again was a
   * tenth of the gateway's CPU on {@code /api/tags}.
   */
  public boolean allowsName(String text) {
    Boolean known = verdicts.get(text);
    if (known != null) {
      return known;
    }
    boolean verdict = ModelName.parse(text).map(this::allows).orElse(false);
    if (text.length() <= MAX_REMEMBERED_LENGTH && verdicts.size() < MAX_REMEMBERED) {
      verdicts.put(text, verdict);
    }
    return verdict;
  }

  public boolean isEmpty() {
    return !everything && globs.isEmpty();
  }

  /** Iterative wildcard match with single-star backtracking: linear in practice, no regex. */
  static boolean match(String glob, String text) {
    int g = 0;
    int t = 0;
    int starG = -1;
    int starT = 0;
    while (t < text.length()) {
      if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
        g++;
        t++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        starG = g++;
        starT = t;
      } else if (starG >= 0) {
        g = starG + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
