package dev.corral.lab.ollama;

import dev.corral.core.ollama.CorsProfile;
import dev.corral.core.version.OllamaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * gin-contrib/cors as Ollama configures it (v1.4.0 and v1.7.2 behave the same on the wire):
 * same-origin requests pass untouched, unknown origins get an empty 403, preflights get a 204, and
 * allowed requests get {@code Access-Control-Allow-Origin} plus {@code Vary: Origin}.
 */
final class Cors {
  private final boolean allowAll;
  private final List<String> exact = new ArrayList<>();
  private final List<String[]> wildcards = new ArrayList<>();
  private final String allowHeaders;

  Cors(OllamaVersion version, String ollamaOrigins) {
    List<String> origins = CorsProfile.allowedOrigins(version, ollamaOrigins);
    boolean all = false;
    for (String origin : origins) {
      if (origin.equals("*")) {
        all = true;
      }
      // cors.normalize: trimmed and lower-cased for exact matches...
      exact.add(origin.strip().toLowerCase(Locale.ROOT));
      // ...but wildcard rules use the raw entries, exactly one '*' each.
      int star = origin.indexOf('*');
      if (star >= 0) {
        if (star == 0) {
          wildcards.add(new String[] {"*", origin.substring(1)});
        } else if (star == origin.length() - 1) {
          wildcards.add(new String[] {origin.substring(0, star), "*"});
        } else {
          wildcards.add(new String[] {origin.substring(0, star), origin.substring(star + 1)});
        }
      }
    }
    this.allowAll = all;
    this.allowHeaders = CorsProfile.allowHeaders(version);
  }

  void apply(GinContext c) {
    String origin = c.request.header("Origin");
    if (origin == null || origin.isEmpty()) {
      return;
    }
    String host = c.request.host();
    if (origin.equals("http://" + host) || origin.equals("https://" + host)) {
      return;
    }
    if (!valid(origin)) {
      c.abortWithStatus(403);
      return;
    }
    var headers = c.response.headers();
    boolean preflight = c.request.method().equals("OPTIONS");
    if (preflight) {
      headers.set("Access-Control-Allow-Methods", CorsProfile.ALLOW_METHODS);
      headers.set("Access-Control-Allow-Headers", allowHeaders);
      headers.set("Access-Control-Max-Age", CorsProfile.MAX_AGE);
      if (allowAll) {
        headers.set("Access-Control-Allow-Origin", "*");
      } else {
        headers.add("Vary", "Origin");
        headers.add("Vary", "Access-Control-Request-Method");
        headers.add("Vary", "Access-Control-Request-Headers");
      }
    } else if (allowAll) {
      headers.set("Access-Control-Allow-Origin", "*");
    } else {
      headers.set("Vary", "Origin");
    }
    if (!allowAll) {
      headers.set("Access-Control-Allow-Origin", origin);
    }
    if (preflight) {
      c.abortWithStatus(204);
    }
  }

  private boolean valid(String origin) {
    if (allowAll || exact.contains(origin)) {
      return true;
    }
    for (String[] w : wildcards) {
      if (w[0].equals("*") && origin.endsWith(w[1])) {
        return true;
      }
      if (w[1].equals("*") && origin.startsWith(w[0])) {
        return true;
      }
      if (origin.startsWith(w[0]) && origin.endsWith(w[1])) {
        return true;
      }
    }
    return false;
  }
}
