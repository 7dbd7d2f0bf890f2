package dev.corral.audit.harden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the hardened files into a directory, refusing to overwrite unless told to. */
public final class HardenWriter {
  private HardenWriter() {}

  /** A file that exists already and would be overwritten. */
  public static final class ExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExistsException(String message) {
      super(message);
    }
  }

  /**
   * Writes every file under {@code dir}, creating directories. Without {@code force}, nothing is
   * written when any file exists.
   *
   * @return the files written
   */
  public static List<Path> write(Path dir, Map<String, String> files, boolean force) {
    List<Path> existing = new ArrayList<>();
    for (String name : files.keySet()) {
      if (Files.exists(dir.resolve(name))) {
        existing.add(dir.resolve(name));
      }
    }
    if (!existing.isEmpty() && !force) {
      throw new ExistsException(
          "refusing to overwrite "
              + existing.stream().map(Path::toString).toList()
              + " (use --force)");
    }
    List<Path> written = new ArrayList<>();
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
        written.add(p);
      }
      Files.createDirectories(dir.resolve("corral/tls"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
    }
    return written;
  }
}
