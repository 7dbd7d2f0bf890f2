package dev.corral.core.vuln;

/**
 * A record that could not be imported.
 *
 * @param location the file, plus the line (JSON Lines) or record number (array)
 */
public record ImportProblem(String location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
