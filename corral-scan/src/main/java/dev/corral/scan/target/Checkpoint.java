package dev.corral.scan.target;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a scan stands, as a small JSON file the engine rewrites as it goes and {@code --resume}
 * reads back:
 *
 * <pre>{"format":1,"seed":42,"shard":"2/4","fingerprint":"9f2c…","position":123456,"size":4194304}
 * </pre>
 *
 * @param format file format version, {@value #FORMAT}
 * @param seed the shuffle seed
 * @param shard {@code I/N}
 * @param fingerprint {@link TargetSpace#fingerprint()} of the inputs; resuming with different
 *     targets, ports or exclusions is refused, since the same position would mean other targets
 * @param position the next target to hand out (targets before it were handed out; the engine saves
 *     the position up to which every probe finished)
 * @param size targets in the shard, for progress; {@code position == size} means finished
 */
@JsonPropertyOrder({"format", "seed", "shard", "fingerprint", "position", "size"})
public record Checkpoint(
    @JsonProperty("format") int format,
    @JsonProperty("seed") long seed,
    @JsonProperty("shard") String shard,
    @JsonProperty("fingerprint") String fingerprint,
    @JsonProperty("position") long position,
    @JsonProperty("size") long size) {

  public static final int FORMAT = 1;

  private static final Pattern MISSING = Pattern.compile("^Missing creator property '([^']+)'");

  /** The same checkpoint at another position, e.g. the last one every probe finished. */
  public Checkpoint at(long newPosition) {
    return new Checkpoint(format, seed, shard, fingerprint, newPosition, size);
  }

  /**
   * Writes the file atomically: a temporary file in the same directory, flushed to disk, then moved
   * over the old one. A crash leaves the old checkpoint or the new one, never half of one.
   */
  public void write(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a checkpoint always serialises", e);
    }
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temp = Files.createTempFile(directory, absolute.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Reads a checkpoint file.
   *
   * @throws IOException if the file cannot be read
   * @throws CheckpointException if it is not a checkpoint this version understands
   */
  public static Checkpoint read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Checkpoint checkpoint;
    try {
      checkpoint =
          Json.mapper()
              .readerFor(Checkpoint.class)
              .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
              .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .readValue(bytes);
    } catch (MismatchedInputException e) {
      Matcher missing = MISSING.matcher(e.getOriginalMessage());
      String reason = missing.find() ? "'" + missing.group(1) + "' is missing" : firstLine(e);
      throw new CheckpointException("checkpoint " + file + " is damaged: " + reason, e);
    } catch (JsonProcessingException e) {
      throw new CheckpointException("checkpoint " + file + " is damaged: " + firstLine(e), e);
    }
    if (checkpoint == null) {
      throw new CheckpointException("checkpoint " + file + " is empty");
    }
    checkpoint.validate(file.toString());
    return checkpoint;
  }

  private void validate(String file) {
    if (format != FORMAT) {
      throw new CheckpointException(
          "checkpoint " + file + " has format " + format + "; this corral reads format " + FORMAT);
    }
    if (fingerprint == null || fingerprint.isBlank() || shard == null) {
      throw new CheckpointException(
          "checkpoint " + file + " is damaged: 'fingerprint' and 'shard' are required");
    }
    try {
      Shard.parse(shard);
    } catch (TargetSyntaxException e) {
      throw new CheckpointException("checkpoint " + file + " is damaged: " + e.getMessage(), e);
    }
    if (position < 0 || size < 0 || position > size) {
      throw new CheckpointException(
          "checkpoint " + file + " is damaged: position " + position + " of " + size);
    }
  }

  /**
   * A generator over {@code space} positioned where this checkpoint left off, after checking that
   * it is the same scan: same inputs (fingerprint), same shard and seed when the user gives them
   * again.
   *
   * @param file named in errors
   * @param requestedShard {@code --shard} if given on the resuming command line
   * @param requestedSeed {@code --seed} if given on the resuming command line
   * @throws CheckpointException if the checkpoint belongs to another scan
   */
  public TargetGenerator resume(
      TargetSpace space, String file, Optional<Shard> requestedShard, OptionalLong requestedSeed) {
    Shard saved = Shard.parse(shard);
    String refused = "cannot resume from " + file + ": ";
    if (!fingerprint.equals(space.fingerprint())) {
      throw new CheckpointException(
          refused
              + "the targets, ports or exclusions differ from the scan that wrote it (inputs "
              + shortHash(fingerprint)
              + " then, "
              + shortHash(space.fingerprint())
              + " now); give the same inputs, or start a new scan without --resume");
    }
    if (requestedShard.isPresent() && !requestedShard.get().equals(saved)) {
      throw new CheckpointException(
          refused + "it is for shard " + saved + ", not " + requestedShard.get());
    }
    if (requestedSeed.isPresent() && requestedSeed.getAsLong() != seed) {
      throw new CheckpointException(
          refused + "it was written with --seed " + seed + ", not " + requestedSeed.getAsLong());
    }
    TargetGenerator generator = space.generator(seed, saved);
    if (generator.size() != size) {
      throw new CheckpointException(
          refused
              + "it counts "
              + size
              + " targets in the shard, the inputs now give "
              + generator.size());
    }
    generator.startAt(position);
    return generator;
  }

  private static String firstLine(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
