package dev.corral.report;

import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Host records for tests, built field by field from an exposed Ollama's defaults. */
final class Host {
  static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");

  private String ip;
  private int port = 11434;
  private String scheme = "http";
  private ScanState state = ScanState.OPEN;
  private String product = "ollama";
  private boolean ollama = true;
  private String version;
  private String versionRange;
  private AuthStatus auth = AuthStatus.NONE;
  private boolean exposed = true;
  private final List<ModelEntry> models = new ArrayList<>();
  private final List<String> running = new ArrayList<>();
  private Boolean openai;
  private Boolean cors;
  private final List<CveEntry> cves = new ArrayList<>();
  private Risk risk = Risk.HIGH;
  private String country;
  private Long asn;
  private String org;
  private Instant scannedAt = AT;

  private Host(String ip) {
    this.ip = ip;
  }

  /** An exposed Ollama answering at {@code ip}:11434, risk high, nothing else known. */
  static Host exposed(String ip) {
    return new Host(ip);
  }

  /** An Ollama behind something asking for credentials. */
  static Host fenced(String ip) {
    Host h = new Host(ip);
    h.auth = AuthStatus.REQUIRED;
    h.exposed = false;
    h.risk = Risk.LOW;
    return h;
  }

  /** Something other than Ollama on an open port. */
  static Host other(String ip, String product, Risk risk) {
    Host h = new Host(ip);
    h.product = product;
    h.ollama = false;
    h.auth = AuthStatus.UNKNOWN;
    h.exposed = false;
    h.risk = risk;
    return h;
  }

  /** Nothing answered. */
  static Host down(String ip, ScanState state) {
    Host h = other(ip, null, Risk.NONE);
    h.state = state;
    return h;
  }

  Host ip(String value) {
    ip = value;
    return this;
  }

  Host port(int value) {
    port = value;
    return this;
  }

  Host scheme(String value) {
    scheme = value;
    return this;
  }

  Host version(String value) {
    version = value;
    return this;
  }

  Host range(String value) {
    versionRange = value;
    return this;
  }

  Host country(String value) {
    country = value;
    return this;
  }

  Host asn(long value, String owner) {
    asn = value;
    org = owner;
    return this;
  }

  Host model(String name, String family, String quantization, List<String> capabilities) {
    models.add(new ModelEntry(name, family, "7B", quantization, 4_000_000_000L, capabilities));
    return this;
  }

  Host model(String name) {
    return model(name, null, null, null);
  }

  Host running(String name) {
    running.add(name);
    return this;
  }

  Host openai(Boolean value) {
    openai = value;
    return this;
  }

  Host cors(Boolean value) {
    cors = value;
    return this;
  }

  Host cve(String id, String certainty, String severity) {
    cves.add(new CveEntry(id, certainty, severity));
    return this;
  }

  Host risk(Risk value) {
    risk = value;
    return this;
  }

  Host at(Instant value) {
    scannedAt = value;
    return this;
  }

  Host exposedFlag(boolean value) {
    exposed = value;
    return this;
  }

  Host auth(AuthStatus value) {
    auth = value;
    return this;
  }

  HostRecord record() {
    return new HostRecord(
        ip + ":" + port,
        ip,
        port,
        scheme,
        state,
        product,
        ollama,
        ollama ? 0.99 : 0.5,
        version,
        versionRange,
        auth,
        exposed,
        models,
        running,
        openai,
        cors,
        cves,
        risk,
        country,
        asn,
        org,
        List.of(),
        scannedAt);
  }
}
