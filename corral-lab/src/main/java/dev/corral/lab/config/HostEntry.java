package dev.corral.lab.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One entry of {@code hosts:} (or the {@code defaults:} block) in a lab config file, exactly as
 * written; {@link LabConfig} merges it with the defaults and validates it. Every field is optional
 * here.
 */
record HostEntry(
    @JsonProperty("name") String name,
    @JsonProperty("product") String product,
    @JsonProperty("address") String address,
    @JsonProperty("range") String range,
    @JsonProperty("port") Integer port,
    @JsonProperty("version") String version,
    @JsonProperty("versions") List<String> versions,
    @JsonProperty("reported_version") String reportedVersion,
    @JsonProperty("models") List<String> models,
    @JsonProperty("running") List<String> running,
    @JsonProperty("ollama_origins") String ollamaOrigins,
    @JsonProperty("ollama_host") String ollamaHost,
    @JsonProperty("hostname") String hostname,
    @JsonProperty("auth_proxy") AuthProxyEntry authProxy,
    @JsonProperty("blocked_paths") List<String> blockedPaths,
    @JsonProperty("latency") String latency,
    @JsonProperty("token_interval") String tokenInterval,
    @JsonProperty("timezone") String timezone,
    @JsonProperty("tls") Boolean tls) {

  /** {@code auth_proxy:} block. */
  record AuthProxyEntry(
      @JsonProperty("scheme") String scheme,
      @JsonProperty("credential") String credential,
      @JsonProperty("server") String server) {}

  static HostEntry empty() {
    return new HostEntry(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /** This entry with unset fields taken from {@code defaults}. */
  HostEntry over(HostEntry defaults) {
    return new HostEntry(
        pick(name, defaults.name),
        pick(product, defaults.product),
        pick(address, defaults.address),
        pick(range, defaults.range),
        pick(port, defaults.port),
        pick(version, defaults.version),
        pick(versions, defaults.versions),
        pick(reportedVersion, defaults.reportedVersion),
        pick(models, defaults.models),
        pick(running, defaults.running),
        pick(ollamaOrigins, defaults.ollamaOrigins),
        pick(ollamaHost, defaults.ollamaHost),
        pick(hostname, defaults.hostname),
        pick(authProxy, defaults.authProxy),
        pick(blockedPaths, defaults.blockedPaths),
        pick(latency, defaults.latency),
        pick(tokenInterval, defaults.tokenInterval),
        pick(timezone, defaults.timezone),
        pick(tls, defaults.tls));
  }

  private static <T> T pick(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
