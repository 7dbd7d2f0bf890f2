package dev.corral.gateway.policy.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A model reference parsed the way Ollama parses one ({@code types/model/name.go}: {@code
 * ParseName} = {@code ParseNameBare} merged with the defaults {@code registry.ollama.ai}, {@code
 * library}, {@code latest}), so the gateway judges the model Ollama will actually load.
 *
 * <p>Ollama compares names case-insensitively, so the canonical form is lower case: {@code Llama3},
 * {@code llama3:latest} and {@code registry.ollama.ai/library/llama3:latest} are one model. An
 * explicit {@code http://} or {@code https://} before the host is kept in {@link #scheme()}: Ollama
 * honours it when it talks to the registry.
 *
 * @param scheme {@code ""}, {@code "http"} or {@code "https"} as written
 * @param host the registry host, lower case, possibly with a {@code :port}
 * @param namespace lower case
 * @param model lower case
 * @param tag lower case
 */
public record ModelName(String scheme, String host, String namespace, String model, String tag) {

  public static final String DEFAULT_HOST = "registry.ollama.ai";
  public static final String DEFAULT_NAMESPACE = "library";
  public static final String DEFAULT_TAG = "latest";

  private static final int MAX_HOST = 350;
  private static final int MAX_PART = 80;

  /**
   * Whether Ollama sends this model to ollama.com with the server's identity: a {@code :cloud} or
   * {@code -cloud} tag (Ollama's {@code modelref.ParseRef}; the tag is already lower case).
   */
  public boolean isCloud() {
    return tag.equals("cloud") || tag.endsWith("-cloud");
  }

  /** {@code host/namespace/model:tag}, lower case: what globs are matched against. */
  public String canonical() {
    return host + '/' + namespace + '/' + model + ':' + tag;
  }

  /**
   * Parses {@code text} as Ollama's {@code ParseName} does and applies its validity rules; empty
   * when Ollama would call the name invalid (then it refuses the request itself, but the gateway
   * must not guess what else it might do with it).
   */
  public static Optional<ModelName> parse(String text) {
    String s = text;
    String tag = "";
    int lastColon = s.lastIndexOf(':');
    int lastSlash = s.lastIndexOf('/');
    // '/' cannot appear in a tag, so a ':' after the last '/' starts the tag.
    if (lastColon > lastSlash) {
      tag = s.substring(lastColon + 1);
      s = s.substring(0, lastColon);
      if (tag.isEmpty() || s.isEmpty()) {
        return Optional.empty(); // Ollama's cutPromised fills a missing part with "!MISSING!"
      }
    }
    String model;
    String namespace = "";
    String host = "";
    String scheme = "";
    int slash = s.lastIndexOf('/');
    if (slash < 0) {
      model = s;
    } else {
      model = s.substring(slash + 1);
      s = s.substring(0, slash);
      if (model.isEmpty() || s.isEmpty()) {
        return Optional.empty();
      }
      slash = s.lastIndexOf('/');
      if (slash < 0) {
        namespace = s;
      } else {
        namespace = s.substring(slash + 1);
        s = s.substring(0, slash);
        if (namespace.isEmpty() || s.isEmpty()) {
          return Optional.empty();
        }
        int sep = s.indexOf("://");
        if (sep >= 0) {
          scheme = s.substring(0, sep);
          host = s.substring(sep + 3);
        } else {
          host = s;
        }
      }
    }
    if (host.isEmpty()) {
      host = DEFAULT_HOST;
    }
    if (namespace.isEmpty()) {
      namespace = DEFAULT_NAMESPACE;
    }
    if (tag.isEmpty()) {
      tag = DEFAULT_TAG;
    }
    if (!validPart(host, MAX_HOST, true, true)
        || !validPart(namespace, MAX_PART, false, false)
        || !validPart(model, MAX_PART, true, false)
        || !validPart(tag, MAX_PART, true, false)) {
      return Optional.empty();
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.isEmpty() && !lowerScheme.equals("http") && !lowerScheme.equals("https")) {
      return Optional.empty(); // not a name Ollama can reach: refuse rather than guess
    }
    return Optional.of(
        new ModelName(
            lowerScheme,
            host.toLowerCase(Locale.ROOT),
            namespace.toLowerCase(Locale.ROOT),
            model.toLowerCase(Locale.ROOT),
            tag.toLowerCase(Locale.ROOT)));
  }

  /**
   * Ollama's {@code isValidPart}: the first byte alphanumeric or {@code _}, then alphanumerics,
   * {@code _}, {@code -}, plus {@code .} except in namespaces and {@code :} only in hosts.
   */
  private static boolean validPart(String part, int max, boolean dots, boolean colons) {
    int n = part.length();
    if (n < 1 || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = part.charAt(i);
      boolean alnum =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (alnum) {
        continue;
      }
      if (i == 0) {
        return false;
      }
      boolean ok = c == '-' || (dots && c == '.') || (colons && c == ':');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return canonical();
  }
}
