package dev.corral.audit.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the container files the audit is given, with errors that name the file and line. */
final class ContainerFiles {
  private ContainerFiles() {}

  /** The file's text; a missing or unreadable file is a {@link ContainerFileException}. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ContainerFileException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ContainerFileException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The document as a tree; a syntax error names the file, the line and what was expected, e.g.
   * {@code compose.yaml:7: not valid YAML: ...}.
   */
  static JsonNode tree(ObjectMapper mapper, String text, String name, String expected) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ContainerFileException(
          name
              + (loc == null ? "" : ":" + loc.getLineNr())
              + ": "
              + expected
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }
}
