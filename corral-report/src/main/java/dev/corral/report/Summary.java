package dev.corral.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The tables of one scan, shaped like those of the published studies (Cisco Talos, SentinelLABS):
 * how many Ollama servers answer without authentication, where they are, what they run and which
 * advisories apply. Made by {@link Report#summary} in one pass over the records.
 *
 * <p>Every per-host table describes the <em>exposed</em> servers (an Ollama API answering without
 * authentication), as the studies do; its percentages are of {@link #exposed()}, except the model
 * tables (of {@link #withModels()}: servers listing at least one model), capabilities (of {@link
 * #withCapabilities()}), products (of all records naming a product) and risk (of all records).
 * Percentages have one decimal, rounded half up. Counts are of records: a server listed twice in
 * the input (by name and by address) counts twice.
 *
 * @param source where the records came from
 * @param records records read (skipped lines not included)
 * @param totalOpen records whose state is {@code open}
 * @param ollama records where the Ollama API itself answered
 * @param exposed Ollama APIs answering without authentication
 * @param withModels exposed servers listing at least one model
 * @param authRequired Ollama APIs behind something that asked for credentials
 * @param running exposed servers with a model loaded ({@code /api/ps})
 * @param openaiCompatible exposed servers whose OpenAI-compatible {@code /v1} routes answer
 * @param corsAnyOrigin exposed servers any web page may call ({@code OLLAMA_ORIGINS=*})
 * @param products what answered, Ollama and look-alikes apart ({@code open-webui}, {@code
 *     koboldcpp}, ...), most frequent first; percent of records naming a product
 * @param risk records per risk level, critical first; percent of all records
 * @param byCountry exposed servers per ISO country code, most first, {@code unknown} last
 * @param byVersion exposed servers per exact version, else per inferred range, {@code unknown} last
 * @param byCve exposed servers per advisory, most affected first
 * @param distinctModels how many different model names the exposed servers list
 * @param topModels the most widely listed model names, by servers listing them
 * @param distinctFamilies how many different model families
 * @param families the most widely listed model families
 * @param quantizations servers carrying at least one model of each quantization
 * @param quantizationBits the same, grouped by width ({@code 4-bit}, {@code 16-bit}, ...)
 * @param withCapabilities exposed servers that reported capabilities for at least one model
 * @param capabilities servers with at least one model advertising each capability
 * @param firstScannedAt the earliest {@code scanned_at}; null when no record has one
 * @param lastScannedAt the latest {@code scanned_at}; null when no record has one
 * @param input lines of the input that were skipped
 */
public record Summary(
    SourceInfo source,
    long records,
    long totalOpen,
    long ollama,
    long exposed,
    long withModels,
    long authRequired,
    Share running,
    Share openaiCompatible,
    Share corsAnyOrigin,
    List<Row> products,
    List<Row> risk,
    List<Row> byCountry,
    List<VersionRow> byVersion,
    List<AdvisoryRow> byCve,
    long distinctModels,
    List<Row> topModels,
    long distinctFamilies,
    List<Row> families,
    List<Row> quantizations,
    List<Row> quantizationBits,
    long withCapabilities,
    List<Row> capabilities,
    Instant firstScannedAt,
    Instant lastScannedAt,
    InputProblems input) {

  /** The label of hosts without a country, version or other value. */
  public static final String UNKNOWN = "unknown";

  public Summary {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(openaiCompatible, "openaiCompatible");
    Objects.requireNonNull(corsAnyOrigin, "corsAnyOrigin");
    Objects.requireNonNull(input, "input");
    products = List.copyOf(products);
    risk = List.copyOf(risk);
    byCountry = List.copyOf(byCountry);
    byVersion = List.copyOf(byVersion);
    byCve = List.copyOf(byCve);
    topModels = List.copyOf(topModels);
    families = List.copyOf(families);
    quantizations = List.copyOf(quantizations);
    quantizationBits = List.copyOf(quantizationBits);
    capabilities = List.copyOf(capabilities);
  }

  /** The share of exposed servers listing models (Talos: 214 of 1,139, 18.8 %). */
  public BigDecimal withModelsPercent() {
    return Percent.of(withModels, exposed);
  }

  /**
   * A count and its share.
   *
   * @param hosts how many
   * @param percent of the table's whole, one decimal
   */
  public record Share(long hosts, BigDecimal percent) {
    public Share {
      Objects.requireNonNull(percent, "percent");
    }
  }

  /**
   * One row of a ranked table.
   *
   * @param value the country, model, quantization, ... ({@link #UNKNOWN} when missing)
   * @param hosts how many hosts have it
   * @param percent of the table's whole, one decimal
   */
  public record Row(String value, long hosts, BigDecimal percent) {
    public Row {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(percent, "percent");
    }
  }

  /**
   * Exposed servers running one version.
   *
   * @param version an exact version, an inferred range such as {@code >=0.1.34 <0.1.38}, or {@link
   *     #UNKNOWN}
   * @param basis which of the three
   * @param hosts how many
   * @param percent of exposed servers
   */
  public record VersionRow(String version, VersionBasis basis, long hosts, BigDecimal percent) {
    public VersionRow {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(basis, "basis");
      Objects.requireNonNull(percent, "percent");
    }
  }

  /** How a version row's version is known. */
  public enum VersionBasis {
    /** {@code /api/version} answered. */
    EXACT,
    /** Hidden; inferred from which features answer ({@code version_range}). */
    RANGE,
    /** Neither. */
    UNKNOWN;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Exposed servers one advisory applies to.
   *
   * @param id CVE or corral id
   * @param title from the advisory database; null for an id it does not know
   * @param severity critical, high, medium, low or unknown (the worst any record gave)
   * @param hosts servers it certainly or possibly applies to
   * @param certain servers whose version is certainly affected
   * @param possible servers whose inferred version range is partly affected
   * @param percent {@code hosts} as a share of exposed servers
   */
  public record AdvisoryRow(
      String id,
      String title,
      String severity,
      long hosts,
      long certain,
      long possible,
      BigDecimal percent) {
    public AdvisoryRow {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(percent, "percent");
      if (certain + possible != hosts) {
        throw new IllegalArgumentException("certain + possible must equal hosts for " + id);
      }
    }
  }
}
