package dev.corral.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.core.json.Json;
import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.AdvisoryDataException;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.AdvisoryJson;
import dev.corral.core.vuln.AdvisoryMatch;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral vulns}: the Ollama advisories, all or those affecting a version or range. */
@Command(
    name = "vulns",
    mixinStandardHelpOptions = true,
    description = {
      "List known Ollama vulnerabilities, or those affecting a version or version range.",
      "",
      "For a version, every listed advisory applies. For a range (what a scan infers when a"
          + " server hides its version), 'certain' means every version in the range is affected"
          + " and 'possible' that only some are. 0.0.0, which source builds report, is treated as"
          + " any version.",
    },
    subcommands = {VulnsShowCommand.class, VulnsImportCommand.class, VulnsRulesCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral vulns                       every advisory",
      "  corral vulns 0.1.33                those affecting Ollama 0.1.33",
      "  corral vulns '>=0.1.34 <0.1.38'    a range: quote it for the shell",
      "  corral vulns 0.6.8 --json          as a JSON array",
      "  corral vulns show GO-2024-2901     one advisory in full; aliases work",
      "  corral vulns import ollama.jsonl   refresh from OSV records you downloaded",
      "  corral vulns rules                 gateway rules and what each covers",
    })
final class VulnsCommand implements Runnable {

  @Parameters(
      arity = "0..1",
      paramLabel = "VERSION|RANGE",
      description =
          "An Ollama version (0.1.33, v0.5.13-rc1) or a range (\">=0.1.34 <0.1.38\", \"<=0.3.14\","
              + " \"*\"). Without it, every advisory is listed.")
  private String versionOrRange;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  private boolean json;

  @Mixin private DataDirOption dataDir;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    VersionQuery parsed = versionOrRange == null ? null : VersionQuery.parse(versionOrRange);
    AdvisoryDatabase database = open(dataDir);
    PrintWriter out = spec.commandLine().getOut();
    if (parsed == null) {
      listAll(database, out);
    } else {
      listMatches(parsed, parsed.matches(database), out);
    }
  }

  /** The built-in advisories with what was imported into the data directory. */
  static AdvisoryDatabase open(DataDirOption dataDir) {
    Path overlay = dataDir.dataDir().resolve(AdvisoryDatabase.OVERLAY_FILE_NAME);
    try {
      return AdvisoryDatabase.load(overlay);
    } catch (AdvisoryDataException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private void listAll(AdvisoryDatabase database, PrintWriter out) {
    List<Advisory> all = database.all();
    if (json) {
      printJson(out, arrayOf(all.stream().map(a -> node(a, null)).toList()));
      return;
    }
    long imported = all.stream().filter(a -> a.importedFrom().isPresent()).count();
    out.println(
        all.size()
            + " advisories (built-in data as of "
            + database.asOf()
            + (imported > 0 ? "; " + imported + " with versions from imported OSV records" : "")
            + ")");
    out.println();
    TextTable table = new TextTable(columns(false));
    all.forEach(advisory -> table.add(row(advisory, null)));
    table.print(out);
  }

  private void listMatches(VersionQuery query, List<AdvisoryMatch> matches, PrintWriter out) {
    if (json) {
      printJson(
          out, arrayOf(matches.stream().map(m -> node(m.advisory(), m.certainty())).toList()));
      return;
    }
    String subject = "Ollama " + versionOrRange.strip();
    if (query instanceof VersionQuery.Exact exact && exact.version().isUnknown()) {
      out.println(
          "0.0.0 is what source builds report: it says nothing about the code, so it is"
              + " treated as any version.");
    }
    long certain =
        matches.stream().filter(m -> m.certainty() == AdvisoryMatch.Certainty.CERTAIN).count();
    out.println(
        query.isRange()
            ? matches.size()
                + " advisories affect "
                + subject
                + ": "
                + certain
                + " certain (every version in it), "
                + (matches.size() - certain)
                + " possible (some versions)."
            : matches.size() + " advisories affect " + subject + ".");
    out.println();
    TextTable table = new TextTable(columns(query.isRange()));
    matches.forEach(m -> table.add(row(m.advisory(), query.isRange() ? m.certainty() : null)));
    table.print(out);
  }

  private static String[] columns(boolean withCertainty) {
    List<String> headers =
        List.of("ID", "SEVERITY", "CVSS", "AFFECTED", "FIXED", "ALIASES", "MITIGATED BY");
    return withCertainty ? prepend("MATCH", headers) : headers.toArray(String[]::new);
  }

  private static String[] row(Advisory advisory, AdvisoryMatch.Certainty certainty) {
    List<String> cells =
        List.of(
            advisory.id(),
            advisory.severity().id(),
            AdvisoryCells.cvss(advisory),
            advisory.affected().toString(),
            AdvisoryCells.fixed(advisory),
            AdvisoryCells.aliases(advisory),
            AdvisoryCells.mitigations(advisory));
    return certainty == null
        ? cells.toArray(String[]::new)
        : prepend(certainty.name().toLowerCase(Locale.ROOT), cells);
  }

  private static String[] prepend(String first, List<String> rest) {
    String[] all = new String[rest.size() + 1];
    all[0] = first;
    for (int i = 0; i < rest.size(); i++) {
      all[i + 1] = rest.get(i);
    }
    return all;
  }

  /** An advisory as in the data file, plus {@code certainty} when a query was asked. */
  static ObjectNode node(Advisory advisory, AdvisoryMatch.Certainty certainty) {
    ObjectNode node = Json.mapper().valueToTree(AdvisoryJson.of(advisory));
    if (certainty != null) {
      node.put("certainty", certainty.name().toLowerCase(Locale.ROOT));
    }
    return node;
  }

  private static ArrayNode arrayOf(List<ObjectNode> nodes) {
    ArrayNode array = Json.mapper().createArrayNode();
    nodes.forEach(array::add);
    return array;
  }

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
