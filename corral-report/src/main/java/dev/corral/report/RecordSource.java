package dev.corral.report;

import dev.corral.core.scan.HostRecord;
import dev.corral.store.ScanInfo;
import dev.corral.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The records a report reads, and where they came from: a JSON Lines file ({@code --in FILE}, plain
 * or gzip, {@code -} for standard input), a scan in the store ({@code --db URL --scan ID}, or its
 * latest scan), or a stream from code. Records are read lazily, once; close the source when done.
 *
 * <pre>{@code
 * try (RecordSource in = RecordSource.jsonl(Path.of("scan.jsonl.gz"), err::println)) {
 *   Report.write(in, options, out);
 * }
 * }</pre>
 */
public final class RecordSource implements AutoCloseable {
  private final SourceInfo info;
  private final Supplier<Stream<HostRecord>> opener;
  private final Supplier<InputProblems> problems;
  private final Runnable closer;
  private Stream<HostRecord> opened;
  private boolean taken;

  private RecordSource(
      SourceInfo info,
      Supplier<Stream<HostRecord>> opener,
      Supplier<InputProblems> problems,
      Runnable closer) {
    this.info = info;
    this.opener = opener;
    this.problems = problems;
    this.closer = closer;
  }

  /**
   * A JSON Lines file, plain or gzip (recognised by content, not by name).
   *
   * @param onProblem told about each skipped line as it is met (the CLI prints it on standard
   *     error); the report counts them too
   * @throws ReportException when the file cannot be opened
   */
  public static RecordSource jsonl(Path file, Consumer<InputProblem> onProblem) {
    Objects.requireNonNull(onProblem, "onProblem");
    if (Files.isDirectory(file)) {
      throw new ReportException(file + " is a directory, not a JSON Lines file");
    }
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new ReportException("cannot read " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new ReportException("cannot read " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return jsonl(in, file.toString(), onProblem);
  }

  /**
   * JSON Lines from a stream ({@code -}: standard input), plain or gzip. Closing the source closes
   * {@code in}.
   *
   * @param name how messages and the report name the input
   */
  public static RecordSource jsonl(InputStream in, String name, Consumer<InputProblem> onProblem) {
    JsonlRecords records = new JsonlRecords(name, in, onProblem);
    return new RecordSource(
        SourceInfo.file(name),
        () -> StreamSupport.stream(records, false),
        records::problems,
        records::close);
  }

  /**
   * One stored scan, every record of it (closed ports and look-alikes included), in host key order.
   *
   * @throws ReportException when the store has no such scan
   */
  public static RecordSource scan(Store store, long scanId) {
    ScanInfo scan =
        store
            .scan(scanId)
            .orElseThrow(
                () -> new ReportException("no scan " + scanId + " in " + store.location()));
    return new RecordSource(
        SourceInfo.store(store.location(), scan),
        () -> store.records(scanId),
        () -> InputProblems.NONE,
        () -> {});
  }

  /**
   * The store's newest scan, whatever its status (a scan still running or interrupted is reported
   * as far as it got; the report says which).
   *
   * @throws ReportException when the store holds no scan
   */
  public static RecordSource latestScan(Store store) {
    List<ScanInfo> latest = store.latestScans(1);
    if (latest.isEmpty()) {
      throw new ReportException(
          "no scans in " + store.location() + " yet: run corral scan first, or pass --in FILE");
    }
    return scan(store, latest.get(0).id());
  }

  /** Records from code; {@code name} says where they came from. The stream is closed with this. */
  public static RecordSource of(Stream<HostRecord> records, String name) {
    Objects.requireNonNull(records, "records");
    return new RecordSource(
        SourceInfo.stream(name), () -> records, () -> InputProblems.NONE, records::close);
  }

  public SourceInfo info() {
    return info;
  }

  /**
   * The records, read as the stream is consumed. Can be called once.
   *
   * @throws IllegalStateException on a second call
   */
  public Stream<HostRecord> records() {
    if (taken) {
      throw new IllegalStateException("the records of " + info.label() + " were already read");
    }
    taken = true;
    opened = opener.get();
    return opened;
  }

  /** The lines skipped so far: complete once {@link #records()} has been read to the end. */
  public InputProblems problems() {
    return problems.get();
  }

  /** Closes the file or gives the store's connection back. */
  @Override
  public void close() {
    try {
      if (opened != null) {
        opened.close();
      }
    } finally {
      closer.run();
    }
  }
}
