package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an OSV file into records, each with a location for error messages: a single record object,
 * a JSON array of records, or JSON Lines (one record per line). A broken JSON Lines line is one
 * problem; the other lines still count.
 */
final class OsvFile {
  private OsvFile() {}

  /**
   * One record as JSON, and where it is: {@code file}, {@code file [record 3]} or {@code file:7}.
   */
  record Entry(String location, JsonNode node) {}

  record Contents(List<Entry> entries, List<ImportProblem> problems) {}

  /**
   * @throws AdvisoryDataException when the file cannot be read at all
   */
  static Contents read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new AdvisoryDataException("cannot read OSV file " + file + ": " + IoReasons.of(e), e);
    }
    String name = file.toString();
    List<Entry> entries = new ArrayList<>();
    List<ImportProblem> problems = new ArrayList<>();
    JsonNode whole;
    try {
      whole = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      if (looksLikeJsonLines(text)) {
        readLines(name, text, entries, problems);
      } else {
        problems.add(new ImportProblem(name, JsonErrors.describe(e)));
      }
      return new Contents(entries, problems);
    }
    if (whole == null || whole.isMissingNode()) {
      problems.add(new ImportProblem(name, "the file is empty"));
    } else if (whole.isArray()) {
      for (int i = 0; i < whole.size(); i++) {
        entries.add(new Entry(name + " [record " + (i + 1) + "]", whole.get(i)));
      }
    } else if (whole.isObject()) {
      entries.add(new Entry(name, whole));
    } else {
      problems.add(
          new ImportProblem(
              name, "expected an OSV record, a JSON array of records, or JSON Lines"));
    }
    return new Contents(entries, problems);
  }

  /**
   * A file that is not one JSON value is JSON Lines when its first line holds a whole object; a
   * pretty-printed document starts with a lone brace instead, and its syntax error is better
   * reported as it is.
   */
  private static boolean looksLikeJsonLines(String text) {
    String first = text.strip().lines().findFirst().orElse("").strip();
    return first.startsWith("{") && first.length() > 1;
  }

  private static void readLines(
      String name, String text, List<Entry> entries, List<ImportProblem> problems) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String location = name + ":" + (i + 1);
      try {
        entries.add(new Entry(location, Json.mapper().readTree(line)));
      } catch (JsonProcessingException e) {
        problems.add(new ImportProblem(location, JsonErrors.describeWithinLine(e)));
      }
    }
  }
}
