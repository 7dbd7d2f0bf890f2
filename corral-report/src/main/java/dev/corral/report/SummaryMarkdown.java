package dev.corral.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link Summary} as a Markdown report with the tables the studies print: totals ("1,139 exposed
 * Ollama servers, 214 with models"), countries with their share, versions, advisories, models,
 * quantizations, capabilities, what else answered, and risk. Meant to be pasted into an issue.
 */
final class SummaryMarkdown {
  private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2}");

  private SummaryMarkdown() {}

  static void write(Summary s, int top, Writer out) throws IOException {
    StringBuilder md = new StringBuilder(4096);
    md.append("# Exposed Ollama servers\n\n");
    md.append(sourceLine(s)).append("\n\n");
    md.append("**")
        .append(Md.count(s.exposed()))
        .append(s.exposed() == 1 ? " exposed Ollama server, " : " exposed Ollama servers, ")
        .append(Md.count(s.withModels()))
        .append(" with models")
        .append(s.exposed() > 0 ? " (" + Md.percent(s.withModelsPercent()) + ")" : "")
        .append(".**\n\n");
    md.append(Md.count(s.records()))
        .append(s.records() == 1 ? " record: " : " records: ")
        .append(Md.count(s.totalOpen()))
        .append(" open, ")
        .append(Md.count(s.ollama()))
        .append(" answering as Ollama (")
        .append(Md.count(s.authRequired()))
        .append(" of them behind authentication).\n\n");
    if (s.exposed() > 0) {
      exposedTables(s, top, md);
    } else {
      md.append("No Ollama server answered without authentication.\n\n");
    }
    if (!s.products().isEmpty()) {
      md.append("## What answered\n\n");
      Md.table(
          md,
          List.of("Product", "Hosts>", "% of identified>"),
          rows(s.products(), row -> product(row.value())));
    }
    if (!s.risk().isEmpty()) {
      md.append("## Risk\n\n");
      Md.table(
          md, List.of("Risk", "Records>", "% of records>"), rows(s.risk(), Summary.Row::value));
    }
    inputNote(s.input(), md);
    out.write(md.toString());
    out.flush();
  }

  private static void exposedTables(Summary s, int top, StringBuilder md) {
    Md.table(
        md,
        List.of("Exposed servers", "Hosts>", "% of exposed>"),
        List.of(
            shareRow("Listing at least one model", s.withModels(), s.withModelsPercent()),
            shareRow("Running a model now", s.running().hosts(), s.running().percent()),
            shareRow(
                "OpenAI-compatible `/v1` routes",
                s.openaiCompatible().hosts(),
                s.openaiCompatible().percent()),
            shareRow(
                "Callable from any web page (CORS `*`)",
                s.corsAnyOrigin().hosts(),
                s.corsAnyOrigin().percent())));

    md.append("## By country\n\n");
    Md.table(
        md,
        List.of("Country", "Hosts>", "% of exposed>"),
        ranked(
            labelled(s.byCountry(), SummaryMarkdown::country),
            top,
            s.exposed(),
            "country",
            "countries"));

    md.append("## By version\n\n");
    List<Labelled> versions = new ArrayList<>();
    for (Summary.VersionRow v : s.byVersion()) {
      String label =
          switch (v.basis()) {
            case EXACT -> Md.code(v.version());
            case RANGE -> Md.code(v.version()) + " (inferred)";
            case UNKNOWN -> "Unknown";
          };
      versions.add(
          new Labelled(label, v.basis() == Summary.VersionBasis.UNKNOWN, v.hosts(), v.percent()));
    }
    Md.table(
        md,
        List.of("Version", "Hosts>", "% of exposed>"),
        ranked(versions, top, s.exposed(), "version", "versions"));

    if (!s.byCve().isEmpty()) {
      md.append("## Advisories\n\n");
      md.append(
          "Certain: the server's version is affected. Possible: its version is hidden and only"
              + " part of the inferred range is.\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (Summary.AdvisoryRow a : s.byCve()) {
        String name = Md.text(a.id()) + (a.title() == null ? "" : ": " + Md.text(a.title()));
        rows.add(
            List.of(
                name,
                Md.text(a.severity()),
                Md.count(a.hosts()),
                Md.count(a.certain()),
                Md.count(a.possible()),
                Md.percent(a.percent())));
      }
      Md.table(
          md,
          List.of("Advisory", "Severity", "Hosts>", "Certain>", "Possible>", "% of exposed>"),
          rows);
    }

    if (s.withModels() > 0) {
      md.append("## Models\n\n");
      md.append(Md.count(s.withModels()))
          .append(s.withModels() == 1 ? " server lists " : " servers list ")
          .append(Md.count(s.distinctModels()))
          .append(s.distinctModels() == 1 ? " model name" : " different model names")
          .append(s.topModels().size() < s.distinctModels() ? "; the most common:" : ":")
          .append("\n\n");
      Md.table(
          md,
          List.of("Model", "Hosts>", "% of servers with models>"),
          rows(s.topModels(), row -> Md.code(row.value())));
      if (!s.families().isEmpty()) {
        md.append("### Model families\n\n");
        Md.table(
            md,
            List.of("Family", "Hosts>", "% of servers with models>"),
            rows(s.families(), row -> Md.code(row.value())));
      }
      if (!s.quantizations().isEmpty()) {
        md.append("### Quantization\n\n");
        Md.table(
            md,
            List.of("Width", "Hosts>", "% of servers with models>"),
            rows(s.quantizationBits(), Summary.Row::value));
        Md.table(
            md,
            List.of("Quantization", "Hosts>", "% of servers with models>"),
            ranked(
                labelled(s.quantizations(), Md::code),
                top,
                s.withModels(),
                "quantization",
                "quantizations"));
      }
      if (s.withCapabilities() > 0) {
        md.append("### Capabilities\n\n");
        md.append("Shares of the ")
            .append(Md.count(s.withCapabilities()))
            .append(s.withCapabilities() == 1 ? " server" : " servers")
            .append(" that report model capabilities (Ollama 0.30 and later list them):\n\n");
        Md.table(
            md,
            List.of("Capability", "Hosts>", "% of servers reporting>"),
            rows(s.capabilities(), row -> Md.code(row.value())));
      }
    }
  }

  private static String sourceLine(Summary s) {
    SourceInfo source = s.source();
    StringBuilder line = new StringBuilder();
    if (source.scan() != null) {
      line.append("Scan ")
          .append(source.scan().id())
          .append(" in ")
          .append(Md.code(source.name()))
          .append(" (")
          .append(source.scan().status().id())
          .append(")");
    } else {
      line.append("From ").append(Md.code(source.name()));
    }
    if (s.firstScannedAt() != null) {
      String from = Md.minute(s.firstScannedAt());
      String to = Md.minute(s.lastScannedAt());
      line.append(", hosts checked ")
          .append(from.equals(to) ? "at " + from : "from " + from + " to " + to);
    }
    return line.append('.').toString();
  }

  private static List<String> shareRow(String label, long hosts, BigDecimal percent) {
    return List.of(label, Md.count(hosts), Md.percent(percent));
  }

  private static List<List<String>> rows(
      List<Summary.Row> rows, Function<Summary.Row, String> label) {
    List<List<String>> out = new ArrayList<>();
    for (Summary.Row row : rows) {
      out.add(List.of(label.apply(row), Md.count(row.hosts()), Md.percent(row.percent())));
    }
    return out;
  }

  /** A table row whose first cell is rendered already; unknown rows go last. */
  private record Labelled(String label, boolean unknown, long hosts, BigDecimal percent) {}

  private static List<Labelled> labelled(List<Summary.Row> rows, Function<String, String> label) {
    List<Labelled> out = new ArrayList<>();
    for (Summary.Row row : rows) {
      boolean unknown = row.value().equals(Summary.UNKNOWN);
      out.add(
          new Labelled(
              unknown ? "Unknown" : label.apply(row.value()), unknown, row.hosts(), row.percent()));
    }
    return out;
  }

  /** The first {@code top} rows, the rest summed into one "Other" row, and the unknown row last. */
  private static List<List<String>> ranked(
      List<Labelled> rows, int top, long whole, String singular, String plural) {
    List<List<String>> out = new ArrayList<>();
    long otherHosts = 0;
    int others = 0;
    Labelled unknown = null;
    for (Labelled row : rows) {
      if (row.unknown()) {
        unknown = row;
      } else if (out.size() < top) {
        out.add(List.of(row.label(), Md.count(row.hosts()), Md.percent(row.percent())));
      } else {
        otherHosts += row.hosts();
        others++;
      }
    }
    if (others > 0) {
      out.add(
          List.of(
              "Other (" + others + " " + (others == 1 ? singular : plural) + ")",
              Md.count(otherHosts),
              Md.percent(Percent.of(otherHosts, whole))));
    }
    if (unknown != null) {
      out.add(List.of(unknown.label(), Md.count(unknown.hosts()), Md.percent(unknown.percent())));
    }
    return out;
  }

  /** {@code United States (US)}; anything but a two-letter code shown as code. */
  private static String country(String code) {
    if (COUNTRY_CODE.matcher(code).matches()) {
      String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
      return name.isEmpty() || name.equals(code) ? code : name + " (" + code + ")";
    }
    return Md.code(code);
  }

  private static String product(String product) {
    return product.equals("ollama") ? "Ollama" : Md.code(product);
  }

  private static void inputNote(InputProblems input, StringBuilder md) {
    if (input.badLines() == 0) {
      return;
    }
    md.append("---\n\n")
        .append(Md.count(input.badLines()))
        .append(input.badLines() == 1 ? " input line was" : " input lines were")
        .append(" not a host record and skipped:\n\n");
    for (InputProblem p : input.first()) {
      md.append("* line ").append(p.line()).append(": ").append(Md.code(p.reason())).append('\n');
    }
    if (input.badLines() > input.first().size()) {
      md.append("* and ")
          .append(Md.count(input.badLines() - input.first().size()))
          .append(" more\n");
    }
    md.append('\n');
  }
}
