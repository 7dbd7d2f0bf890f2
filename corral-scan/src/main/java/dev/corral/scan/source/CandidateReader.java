package dev.corral.scan.source;

import dev.corral.scan.target.InputFiles;
import dev.corral.scan.target.LineReader;
import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Target;
import dev.corral.scan.target.TargetSpace;
import dev.corral.scan.target.TargetSyntaxException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The candidates of one {@code --from} file, in file order, streamed: memory stays bounded by the
 * largest single record whatever the file's size. The format is detected from the content ({@link
 * #format()}), gzip from the magic bytes.
 *
 * <p>Bad records are skipped and counted in {@link #problems()}; show {@link
 * SourceProblems#summary(String)} when the iteration ends. Candidates are not de-duplicated (that
 * would need memory proportional to the file) and exclusions are not applied here: the engine
 * checks each candidate with {@code Exclusions.excludes(Target)}.
 *
 * <pre>{@code
 * try (CandidateReader reader = CandidateReader.open(file, ports)) {
 *   log(reader.describe());                       // "shodan.json.gz: Shodan search API JSON, gzip"
 *   reader.forEachRemaining(engine::submit);
 *   if (!reader.problems().isEmpty()) warn(reader.problems().summary(file.toString()));
 * }
 * }</pre>
 */
public final class CandidateReader implements Iterator<Candidate>, Closeable {
  private final Path file;
  private final SourceFormat format;
  private final boolean gzip;
  private final SourceProblems problems = new SourceProblems();
  private final RecordStream records;
  private Iterator<Candidate> current = Collections.emptyIterator();
  private boolean ended;
  private long count;

  private CandidateReader(Path file, FormatDetector.Detection detection, PortList ports)
      throws IOException {
    this.file = file;
    this.format = detection.format();
    this.gzip = detection.gzip();
    InputStream in = InputFiles.open(file).stream();
    try {
      this.records = stream(in, ports);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Opens with the default port list (for lists and ZMap files without ports). */
  public static CandidateReader open(Path file) throws IOException {
    return open(file, PortList.DEFAULT);
  }

  /**
   * Detects the format and opens the file.
   *
   * @param ports for records that carry no port: list entries without one, ZMap rows without {@code
   *     sport}
   * @throws SourceFormatException if the content is none of the known formats
   * @throws IOException saying {@code cannot read FILE: reason}
   */
  public static CandidateReader open(Path file, PortList ports) throws IOException {
    try {
      return new CandidateReader(file, FormatDetector.detect(file), ports);
    } catch (IOException e) {
      throw InputFiles.named(file, e);
    }
  }

  private RecordStream stream(InputStream in, PortList ports) throws IOException {
    return switch (format) {
      case SHODAN_SEARCH ->
          JsonArrayStream.open(in, ShodanBanners::candidates, problems, "matches");
      case SHODAN_BANNER_ARRAY -> JsonArrayStream.open(in, ShodanBanners::candidates, problems);
      case SHODAN_BANNER_LINES ->
          new JsonLinesStream(new LineReader(in), ShodanBanners::candidates, problems);
      case CENSYS_SEARCH ->
          JsonArrayStream.open(in, CensysHosts::candidates, problems, "result", "hits");
      case CENSYS_HIT_ARRAY -> JsonArrayStream.open(in, CensysHosts::candidates, problems);
      case CENSYS_HIT_LINES ->
          new JsonLinesStream(new LineReader(in), CensysHosts::candidates, problems);
      case MASSCAN_JSON, EMPTY_JSON ->
          JsonArrayStream.open(in, MasscanRecords::candidates, problems);
      case MASSCAN_JSON_LINES ->
          new JsonLinesStream(new LineReader(in), MasscanRecords::candidates, problems);
      case MASSCAN_LIST ->
          new TextLinesStream(
              new LineReader(in), line -> MasscanRecords.listLine(line).iterator(), problems);
      case ZMAP_CSV -> new TextLinesStream(new LineReader(in), zmap(ports), problems);
      case LIST -> new TextLinesStream(new LineReader(in), list(ports), problems);
    };
  }

  /** The first non-comment line is the header; the rest are rows. */
  private static Function<String, Iterator<Candidate>> zmap(PortList ports) {
    ZmapRows[] rows = new ZmapRows[1];
    return line -> {
      String text = line.strip();
      if (rows[0] == null) {
        if (!text.isEmpty() && !text.startsWith("#")) {
          rows[0] = ZmapRows.forHeader(text, ports);
        }
        return Collections.emptyIterator();
      }
      return rows[0].row(text).iterator();
    };
  }

  /** Each line is a target expression, expanded lazily (a CIDR line is not listed). */
  private static Function<String, Iterator<Candidate>> list(PortList ports) {
    return line -> {
      String text = TargetSpace.Builder.withoutComment(line);
      if (text.isEmpty()) {
        return Collections.emptyIterator();
      }
      TargetSpace space;
      try {
        space = TargetSpace.builder().ports(ports).add(text, "list").build();
      } catch (TargetSyntaxException e) {
        throw new BadRecord(e.reason());
      }
      return new Iterator<>() {
        private long index;

        @Override
        public boolean hasNext() {
          return index < space.size();
        }

        @Override
        public Candidate next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Target target = space.at(index++);
          return Candidate.bare(target, "list");
        }
      };
    };
  }

  public Path file() {
    return file;
  }

  public SourceFormat format() {
    return format;
  }

  public boolean gzip() {
    return gzip;
  }

  /** What was detected, e.g. {@code shodan.json.gz: Shodan search API JSON, gzip-compressed}. */
  public String describe() {
    return file + ": " + format.description() + (gzip ? ", gzip-compressed" : "");
  }

  /** Bad records so far; complete once {@link #hasNext()} has returned false. */
  public SourceProblems problems() {
    return problems;
  }

  /** Candidates handed out so far. */
  public long count() {
    return count;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UncheckedIOException naming the file, if reading fails (including damaged gzip data)
   */
  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (ended) {
        return false;
      }
      try {
        Iterator<Candidate> next = records.next();
        if (next == null) {
          ended = true;
          return false;
        }
        current = next;
      } catch (IOException e) {
        ended = true;
        throw new UncheckedIOException(
            "cannot read " + file + ": " + InputFiles.reason(e) + " (after " + count + " records)",
            e);
      }
    }
    return true;
  }

  @Override
  public Candidate next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more candidates in " + file);
    }
    count++;
    return current.next();
  }

  /** The remaining candidates as a lazy stream; closing the stream does not close this reader. */
  public Stream<Candidate> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** Reads the whole file into a list: for tests and small files only. */
  public static List<Candidate> readAll(Path file, PortList ports) throws IOException {
    try (CandidateReader reader = open(file, ports)) {
      return reader.stream().toList();
    }
  }

  @Override
  public void close() throws IOException {
    records.close();
  }
}
