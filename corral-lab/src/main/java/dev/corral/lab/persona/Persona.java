package dev.corral.lab.persona;

import dev.corral.core.version.OllamaVersion;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything that makes one emulated Ollama server what it is.
 *
 * @param name a label for logs and listings
 * @param product what answers: {@code ollama}, or a look-alike (see {@link #PRODUCTS})
 * @param version the release whose behaviour is emulated
 * @param reportedVersion what {@code /api/version} says (differs for source builds: {@code 0.0.0})
 * @param models installed models
 * @param running names of models loaded at start
 * @param ollamaOrigins the emulated {@code OLLAMA_ORIGINS} value, or null
 * @param ollamaHost the emulated {@code OLLAMA_HOST} bind, e.g. {@code 127.0.0.1:11434}; a loopback
 *     bind turns on Ollama's Host check, {@code 0.0.0.0} (the Docker default) does not
 * @param hostname the emulated machine's {@code os.Hostname()}
 * @param authProxy an authenticating proxy in front, or null for an open server
 * @param blockedPaths paths an nginx-style front refuses with 403 (e.g. {@code /api/version}, the
 *     usual way of hiding the version); empty for none
 * @param latency added before every answer
 * @param tokenInterval pause between streamed tokens
 * @param timeZone the server's local zone, used for {@code modified_at}/{@code expires_at}
 * @param tls a TLS-terminating front (Go's net/http, as in Caddy): HTTPS only, and plain HTTP gets
 *     Go's "Client sent an HTTP request to an HTTPS server." answer
 */
public record Persona(
    String name,
    String product,
    OllamaVersion version,
    String reportedVersion,
    List<ModelSpec> models,
    List<String> running,
    String ollamaOrigins,
    String ollamaHost,
    String hostname,
    AuthProxy authProxy,
    List<String> blockedPaths,
    Duration latency,
    Duration tokenInterval,
    ZoneId timeZone,
    boolean tls) {

  public static final String OLLAMA = "ollama";

  /**
   * Everything the lab can stand up: Ollama, the look-alikes that imitate parts of its API, a
   * honeypot, a tarpit and a plain web server.
   */
  public static final List<String> PRODUCTS =
      List.of(
          OLLAMA,
          "open-webui",
          "litellm",
          "vllm",
          "llama.cpp",
          "koboldcpp",
          "lm-studio",
          "localai",
          "honeypot",
          "tarpit",
          "nginx");

  /** The newest release the lab emulates in detail. */
  public static final OllamaVersion NEWEST = OllamaVersion.parse("0.32.15");

  /** The releases the lab is tested against byte by byte. */
  public static final List<String> PINNED_VERSIONS =
      List.of(
          "0.1.33", "0.1.34", "0.1.47", "0.3.14", "0.5.7", "0.6.8", "0.12.11", "0.17.1", "0.32.15");

  public Persona {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    product = product == null ? OLLAMA : product;
    if (!PRODUCTS.contains(product)) {
      throw new IllegalArgumentException(
          "unknown product '"
              + product
              + "' (the lab emulates: "
              + String.join(", ", PRODUCTS)
              + ")");
    }
    if (reportedVersion == null || reportedVersion.isBlank()) {
      reportedVersion = version.toString();
    }
    models = List.copyOf(models);
    blockedPaths = blockedPaths == null ? List.of() : List.copyOf(blockedPaths);
    running = List.copyOf(running);
    if (ollamaHost == null || ollamaHost.isBlank()) {
      ollamaHost = "127.0.0.1:11434";
    }
    if (hostname == null || hostname.isBlank()) {
      hostname = "ollama-lab";
    }
    latency = latency == null ? Duration.ZERO : latency;
    tokenInterval = tokenInterval == null ? Duration.ofMillis(20) : tokenInterval;
    timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
    if (latency.isNegative() || tokenInterval.isNegative()) {
      throw new IllegalArgumentException("persona " + name + ": durations cannot be negative");
    }
  }

  /** A default persona: the given version with the default models, one of them loaded. */
  public static Persona standard(String name, OllamaVersion version) {
    return builder(name, version).build();
  }

  public static Builder builder(String name, OllamaVersion version) {
    return new Builder(name, version);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, version);
    b.product = product;
    b.reportedVersion = reportedVersion;
    b.models = models;
    b.running = running;
    b.ollamaOrigins = ollamaOrigins;
    b.ollamaHost = ollamaHost;
    b.hostname = hostname;
    b.authProxy = authProxy;
    b.blockedPaths = blockedPaths;
    b.latency = latency;
    b.tokenInterval = tokenInterval;
    b.timeZone = timeZone;
    b.tls = tls;
    return b;
  }

  /** True when the emulated bind is a loopback address, so Ollama checks the Host header. */
  public boolean loopbackBind() {
    String host = ollamaHost;
    int colon = host.lastIndexOf(':');
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (colon > 0 && host.indexOf(':') == colon) {
      host = host.substring(0, colon);
    }
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** Builds a persona; unset fields get the defaults of the record. */
  public static final class Builder {
    private final String name;
    private String product = OLLAMA;
    private OllamaVersion version;
    private String reportedVersion;
    private List<ModelSpec> models =
        ModelCatalog.defaults().stream().map(n -> ModelCatalog.find(n).orElseThrow()).toList();
    private List<String> running = List.of("llama3.2:latest");
    private String ollamaOrigins;
    private String ollamaHost;
    private String hostname;
    private AuthProxy authProxy;
    private List<String> blockedPaths = List.of();
    private Duration latency;
    private Duration tokenInterval;
    private ZoneId timeZone;
    private boolean tls;

    private Builder(String name, OllamaVersion version) {
      this.name = name;
      this.version = version;
    }

    public Builder product(String value) {
      this.product = value;
      return this;
    }

    public Builder version(OllamaVersion value) {
      this.version = value;
      this.reportedVersion = null;
      return this;
    }

    public Builder reportedVersion(String value) {
      this.reportedVersion = value;
      return this;
    }

    public Builder models(List<ModelSpec> value, List<String> loaded) {
      this.models = value;
      this.running = loaded;
      return this;
    }

    public Builder ollamaOrigins(String value) {
      this.ollamaOrigins = value;
      return this;
    }

    public Builder ollamaHost(String value) {
      this.ollamaHost = value;
      return this;
    }

    public Builder hostname(String value) {
      this.hostname = value;
      return this;
    }

    public Builder authProxy(AuthProxy value) {
      this.authProxy = value;
      return this;
    }

    public Builder blockedPaths(List<String> value) {
      this.blockedPaths = value;
      return this;
    }

    public Builder latency(Duration value) {
      this.latency = value;
      return this;
    }

    public Builder tokenInterval(Duration value) {
      this.tokenInterval = value;
      return this;
    }

    public Builder timeZone(ZoneId value) {
      this.timeZone = value;
      return this;
    }

    public Builder tls(boolean value) {
      this.tls = value;
      return this;
    }

    public Persona build() {
      return new Persona(
          name,
          product,
          version,
          reportedVersion,
          models,
          running,
          ollamaOrigins,
          ollamaHost,
          hostname,
          authProxy,
          blockedPaths,
          latency,
          tokenInterval,
          timeZone,
          tls);
    }
  }
}
