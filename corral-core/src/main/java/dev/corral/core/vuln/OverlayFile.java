package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The overlay: imported OSV records, kept in corral's data directory. Written to a temporary file
 * beside it and moved into place, so a crash or a full disk mid-write leaves the previous overlay
 * whole.
 */
final class OverlayFile {
  private static final int FORMAT = 1;

  private record Contents(int format, List<ImportedRecord> records) {}

  private OverlayFile() {}

  /** The stored records; none when the file does not exist. */
  static List<ImportedRecord> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new AdvisoryDataException("cannot read overlay " + file + ": " + IoReasons.of(e), e);
    }
    Contents contents;
    try {
      contents =
          Json.mapper()
              .readerFor(Contents.class)
              .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(bytes);
    } catch (JsonProcessingException e) {
      throw damaged(file, JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw damaged(file, IoReasons.of(e), e);
    }
    if (contents == null || contents.records() == null) {
      throw damaged(file, "no 'records' list", null);
    }
    if (contents.format() != FORMAT) {
      throw damaged(file, "format " + contents.format() + " is not " + FORMAT, null);
    }
    return contents.records();
  }

  private static AdvisoryDataException damaged(Path file, String problem, Exception cause) {
    return new AdvisoryDataException(
        "overlay "
            + file
            + ": "
            + problem
            + " (re-import your OSV files, or delete it to use the built-in data only)",
        cause);
  }

  static void write(Path file, List<ImportedRecord> records) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      byte[] json =
          Json.mapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(new Contents(FORMAT, records));
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        // On disk before the rename, or a crash could leave the new name on empty content.
        channel.force(true);
      }
      move(temp, target);
    } catch (IOException e) {
      throw new AdvisoryDataException("cannot write overlay " + file + ": " + IoReasons.of(e), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Only a leftover hidden temp file; the overlay itself is intact either way.
    }
  }
}
