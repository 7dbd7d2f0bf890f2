package dev.corral.gateway.auth;

import dev.corral.gateway.policy.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a new key may do, checked when it is made.
 *
 * @param name a human name (1 to 100 printable characters)
 * @param role what the key may do
 * @param models model globs over canonical names ({@code *} any run of characters, {@code ?} one);
 *     at least one
 * @param requestsPerMinute 0 = no limit, at most 1,000,000
 * @param tokensPerDay 0 = no quota
 * @param lifetime how long the key works, or null for no expiry
 */
public record KeySpec(
    String name,
    Role role,
    List<String> models,
    int requestsPerMinute,
    long tokensPerDay,
    Duration lifetime) {

  static final int MAX_NAME = 100;
  static final int MAX_GLOB = 300;

  /** Beyond this the limiter's minimum interval (one microsecond per request) would be zero. */
  static final int MAX_RPM = 1_000_000;

  /** Checks every field; the message of the exception names the field and what is wrong. */
  public KeySpec {
    Objects.requireNonNull(role, "role");
    if (name == null || name.isBlank()) {
      throw new KeyException("--name: a key needs a name");
    }
    name = name.strip();
    if (name.length() > MAX_NAME) {
      throw new KeyException("--name: at most " + MAX_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new KeyException("--name: control characters are not allowed");
      }
    }
    if (models == null || models.isEmpty()) {
      throw new KeyException("--models: give at least one model glob (* for any model)");
    }
    List<String> globs = new ArrayList<>();
    for (String glob : models) {
      globs.add(checkGlob(glob));
    }
    models = List.copyOf(globs);
    if (requestsPerMinute < 0) {
      throw new KeyException("--rpm: " + requestsPerMinute + " is negative (0 = no limit)");
    }
    if (requestsPerMinute > MAX_RPM) {
      throw new KeyException(
          "--rpm: " + requestsPerMinute + " is more than " + MAX_RPM + " (0 = no limit)");
    }
    if (tokensPerDay < 0) {
      throw new KeyException("--tokens-per-day: " + tokensPerDay + " is negative (0 = no quota)");
    }
    if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
      throw new KeyException("--expires: the key must live for some time");
    }
  }

  /**
   * A model glob: letters, digits and the characters Ollama model names use ({@code . _ - : /}),
   * plus {@code *} and {@code ?}.
   */
  static String checkGlob(String glob) {
    String g = glob == null ? "" : glob.strip();
    if (g.isEmpty()) {
      throw new KeyException("--models: an empty model glob");
    }
    if (g.length() > MAX_GLOB) {
      throw new KeyException("--models: the glob '" + g.substring(0, 20) + "...' is too long");
    }
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || ".-_:/*?".indexOf(c) >= 0;
      if (!ok) {
        throw new KeyException(
            "--models: bad glob '"
                + g
                + "': '"
                + c
                + "' is not allowed (letters, digits, . _ - : / and the wildcards * ?)");
      }
    }
    // Read like a model name, as the policy reads it: [host/][namespace/]model[:tag], no empty
    // part.
    String name = g;
    int lastColon = g.lastIndexOf(':');
    if (lastColon > g.lastIndexOf('/')) {
      if (lastColon == g.length() - 1) {
        throw new KeyException("--models: bad glob '" + g + "': the tag after ':' is empty");
      }
      name = g.substring(0, lastColon);
    }
    String[] parts = name.split("/", -1);
    if (parts.length > 3) {
      throw new KeyException("--models: bad glob '" + g + "': at most host/namespace/model[:tag]");
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new KeyException("--models: bad glob '" + g + "': it has an empty part");
      }
    }
    return g;
  }
}
