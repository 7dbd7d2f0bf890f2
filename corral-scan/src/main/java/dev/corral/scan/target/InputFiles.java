package dev.corral.scan.target;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens an input file for streaming, gunzipping it when its first two bytes are the gzip magic
 * ({@code 1f 8b}), whatever its name: {@code shodan download} writes {@code .json.gz}, people
 * rename files, and content is the only reliable signal.
 */
public final class InputFiles {
  private static final int BUFFER = 64 * 1024;

  private InputFiles() {}

  /** An opened file and whether it was compressed. */
  public record Opened(InputStream stream, boolean gzip) {}

  public static Opened open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      raw.mark(2);
      int first = raw.read();
      int second = raw.read();
      raw.reset();
      if (first == 0x1f && second == 0x8b) {
        return new Opened(new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER), true);
      }
      return new Opened(raw, false);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * The same error with a message that names the file, e.g. {@code cannot read hosts.txt: no such
   * file}; the original stays as the cause.
   */
  public static IOException named(Path file, IOException e) {
    return new IOException("cannot read " + file + ": " + reason(e), e);
  }

  /** A short reason for a file error; the caller's message already names the file. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e.getMessage() != null && e.getMessage().startsWith("cannot read ")) {
      return e.getMessage(); // already named
    }
    if (e instanceof java.util.zip.ZipException) {
      return "damaged gzip data (" + e.getMessage() + ")";
    }
    if (e instanceof java.io.EOFException) {
      return "the file ends early (a cut-off gzip file?)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
