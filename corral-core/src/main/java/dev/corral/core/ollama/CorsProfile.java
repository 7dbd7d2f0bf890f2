package dev.corral.core.ollama;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's CORS configuration per release: the {@code Access-Control-Allow-Headers} value of a
 * preflight answer (a strong version signal) and the origins allowed by default.
 *
 * <p>Bands were read from {@code GenerateRoutes} at every release tag; they correct the coarser
 * table in the research notes (the {@code x-stainless-*} headers arrived in four steps).
 */
public final class CorsProfile {
  private CorsProfile() {}

  /** One band of releases that send the same {@code Access-Control-Allow-Headers}. */
  public record AllowHeadersBand(VersionRange versions, String value) {}

  private static final String BASE =
      "Authorization,Content-Type,User-Agent,Accept,X-Requested-With";

  /** In release order; the value is exactly what gin-contrib/cors writes. */
  public static final List<AllowHeadersBand> ALLOW_HEADERS =
      List.of(
          band(null, "0.1.35", "Origin,Content-Length,Content-Type"),
          band("0.1.35", "0.1.42", BASE),
          band(
              "0.1.42",
              "0.4.5",
              BASE
                  + ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
                  + ",X-Stainless-Runtime,X-Stainless-Runtime-Version,X-Stainless-Async"),
          band(
              "0.4.5",
              "0.5.5",
              BASE
                  + ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
                  + ",X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version"
                  + ",X-Stainless-Async"),
          band(
              "0.5.5",
              "0.5.12",
              BASE
                  + ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
                  + ",X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version"
                  + ",X-Stainless-Async,X-Stainless-Helper-Method,X-Stainless-Poll-Helper"
                  + ",X-Stainless-Custom-Poll-Interval"),
          band(
              "0.5.12",
              "0.6.6",
              BASE
                  + ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
                  + ",X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version"
                  + ",X-Stainless-Async,X-Stainless-Helper-Method,X-Stainless-Poll-Helper"
                  + ",X-Stainless-Custom-Poll-Interval,X-Stainless-Timeout"),
          band(
              "0.6.6",
              null,
              BASE
                  + ",Openai-Beta,X-Stainless-Arch,X-Stainless-Async"
                  + ",X-Stainless-Custom-Poll-Interval,X-Stainless-Helper-Method,X-Stainless-Lang"
                  + ",X-Stainless-Os,X-Stainless-Package-Version,X-Stainless-Poll-Helper"
                  + ",X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version"
                  + ",X-Stainless-Timeout"));

  /** The methods every version allows in a preflight answer (cors.DefaultConfig). */
  public static final String ALLOW_METHODS = "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS";

  /** Preflight cache lifetime in seconds (cors.DefaultConfig: 12 hours). */
  public static final String MAX_AGE = "43200";

  private static AllowHeadersBand band(String from, String to, String value) {
    return new AllowHeadersBand(
        VersionRange.between(
            from == null ? null : OllamaVersion.parse(from),
            to == null ? null : OllamaVersion.parse(to)),
        value);
  }

  public static String allowHeaders(OllamaVersion version) {
    OllamaVersion effective = version.isPreRelease() ? version.release() : version;
    return ALLOW_HEADERS.stream()
        .filter(b -> b.versions().contains(effective))
        .findFirst()
        .orElseThrow()
        .value();
  }

  /**
   * The origin patterns the server accepts: {@code OLLAMA_ORIGINS} entries first (split on commas,
   * not trimmed, as Ollama does), then the built-in list of the release.
   */
  public static List<String> allowedOrigins(OllamaVersion version, String ollamaOrigins) {
    List<String> origins = new ArrayList<>();
    if (ollamaOrigins != null && !ollamaOrigins.isEmpty()) {
      origins.addAll(List.of(ollamaOrigins.split(",", -1)));
    }
    for (String host : List.of("localhost", "127.0.0.1", "0.0.0.0")) {
      origins.add("http://" + host);
      origins.add("https://" + host);
      origins.add("http://" + host + ":*");
      origins.add("https://" + host + ":*");
    }
    if (OllamaFeature.APP_FILE_TAURI_ORIGINS.presentIn(version)) {
      origins.addAll(List.of("app://*", "file://*", "tauri://*"));
    }
    if (OllamaFeature.VSCODE_WEBVIEW_ORIGIN.presentIn(version)) {
      origins.add("vscode-webview://*");
    }
    if (OllamaFeature.VSCODE_FILE_ORIGIN.presentIn(version)) {
      origins.add("vscode-file://*");
    }
    return origins;
  }
}
