package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The result of checking one target: one JSON line of {@code corral scan} output, one row of the
 * store, one input row of {@code corral report}. Field names are a published contract; do not
 * rename them.
 *
 * @param target what was asked for ({@code 10.0.0.5:11434}, a URL, a hostname)
 * @param ip the address contacted
 * @param port TCP port
 * @param scheme {@code http} or {@code https}
 * @param state open, closed, timeout, error or passive
 * @param product what answers: {@code ollama}, or a look-alike ({@code open-webui}, {@code
 *     litellm}, {@code vllm}, {@code llama.cpp}, {@code koboldcpp}, {@code lm-studio}, {@code
 *     localai}), {@code honeypot}, {@code http} (something else), or null when nothing answered
 * @param ollama true when the Ollama API itself answers (several independent signals agree)
 * @param confidence 0 to 1, how sure {@code product} is
 * @param version exact, from {@code /api/version}, or null
 * @param versionRange inferred when the version is hidden, e.g. {@code >=0.1.34 <0.1.38}
 * @param auth none, required or unknown
 * @param exposed an unauthenticated Ollama API answers
 * @param models what {@code /api/tags} lists
 * @param running what {@code /api/ps} says is loaded
 * @param openaiCompatible the {@code /v1} routes answer
 * @param corsAnyOrigin {@code OLLAMA_ORIGINS=*}: any web page may call the API
 * @param cves advisories for the version or range
 * @param risk overall
 * @param country ISO 3166 alpha-2, from the offline database or the source
 * @param asn autonomous system number, when a source or database gives it
 * @param org network owner, when known
 * @param evidence the requests made and what came back
 * @param scannedAt when the check finished
 */
@JsonPropertyOrder({
  "target",
  "ip",
  "port",
  "scheme",
  "state",
  "product",
  "ollama",
  "confidence",
  "version",
  "version_range",
  "auth",
  "exposed",
  "models",
  "running",
  "openai_compatible",
  "cors_any_origin",
  "cves",
  "risk",
  "country",
  "asn",
  "org",
  "evidence",
  "scanned_at"
})
public record HostRecord(
    @JsonProperty("target") String target,
    @JsonProperty("ip") String ip,
    @JsonProperty("port") int port,
    @JsonProperty("scheme") String scheme,
    @JsonProperty("state") ScanState state,
    @JsonProperty("product") String product,
    @JsonProperty("ollama") boolean ollama,
    @JsonProperty("confidence") double confidence,
    @JsonProperty("version") String version,
    @JsonProperty("version_range") String versionRange,
    @JsonProperty("auth") AuthStatus auth,
    @JsonProperty("exposed") boolean exposed,
    @JsonProperty("models") List<ModelEntry> models,
    @JsonProperty("running") List<String> running,
    @JsonProperty("openai_compatible") Boolean openaiCompatible,
    @JsonProperty("cors_any_origin") Boolean corsAnyOrigin,
    @JsonProperty("cves") List<CveEntry> cves,
    @JsonProperty("risk") Risk risk,
    @JsonProperty("country") String country,
    @JsonProperty("asn") Long asn,
    @JsonProperty("org") String org,
    @JsonProperty("evidence") List<Evidence> evidence,
    @JsonProperty("scanned_at") Instant scannedAt) {

  public HostRecord {
    models = models == null ? List.of() : List.copyOf(models);
    running = running == null ? List.of() : List.copyOf(running);
    cves = cves == null ? List.of() : List.copyOf(cves);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be between 0 and 1, not " + confidence);
    }
  }

  /** The key that identifies "the same host" across scans: ip, port and scheme. */
  public String hostKey() {
    return scheme + "://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }
}
