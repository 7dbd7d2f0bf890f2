package dev.corral.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import dev.corral.core.scan.ScanState;
import dev.corral.core.text.Durations;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.scan.engine.CheckOptions;
import dev.corral.scan.engine.ScanEngine;
import dev.corral.scan.engine.ScanProgress;
import dev.corral.scan.engine.ScanSettings;
import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.geo.GeoEnrichment;
import dev.corral.scan.http.ClientSettings;
import dev.corral.scan.job.PositionTracker;
import dev.corral.scan.job.TargetSource;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.source.CandidateReader;
import dev.corral.scan.source.api.ShodanFacets;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Exclusions;
import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Shard;
import dev.corral.scan.target.TargetGenerator;
import dev.corral.scan.target.TargetSpace;
import dev.corral.store.ScanStatus;
import dev.corral.store.ScanWriter;
import dev.corral.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral scan}: find, fingerprint and map exposed Ollama servers. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = false,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Find Ollama servers in address ranges or in another tool's results, tell genuine Ollama",
      "from look-alikes and honeypots, pin the version (or narrow it when hidden), and list what",
      "each one exposes and which advisories apply. One JSON line per host.",
      "",
      "Only scan networks you are authorised to test. Requests are read-only by default: no",
      "pull, push, create, copy or delete is ever sent."
    },
    footer = {
      "",
      "Examples:",
      "  corral scan 127.0.0.1                          # one host, port 11434",
      "  corral scan 10.0.0.0/16 -p 11434,8080 -o out.jsonl",
      "  corral scan --from shodan-download.json.gz     # verify another tool's candidates",
      "  corral scan 10.0.0.0/8 --shard 2/4 --seed 42 -o part2.jsonl   # one of four machines",
      "  corral scan 10.0.0.0/8 -o out.jsonl --resume   # continue after Ctrl-C",
      "",
      "Exit status: 0 when the scan completed, 1 on a failure, 2 on bad arguments, 130 when",
      "interrupted (what was found is kept)."
    })
final class ScanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Parameters(
      paramLabel = "TARGET",
      arity = "0..*",
      description =
          "IPs, CIDR ranges (v4/v6), FIRST-LAST ranges, host names, host:port, or http(s) URLs.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = {"-p", "--ports"},
      paramLabel = "LIST",
      defaultValue = "11434",
      description = "Ports for targets without one, e.g. 11434,8080,8000-8010 (default: 11434).")
  String ports;

  @Option(
      names = "--targets-file",
      paramLabel = "FILE",
      description = "More targets, one per line.")
  Path targetsFile;

  @Option(
      names = "--exclude",
      paramLabel = "LIST",
      description = "Addresses or ranges never to contact (comma-separated).")
  String exclude;

  @Option(
      names = "--exclude-file",
      paramLabel = "FILE",
      description = "Exclusions, masscan style (one per line, # comments).")
  Path excludeFile;

  @Option(
      names = "--from",
      paramLabel = "FILE",
      description =
          "Candidates from Shodan, Censys, masscan (-oJ/-oL), ZMap or a plain list; format and gzip"
              + " are detected.")
  Path from;

  @Option(
      names = "--passive",
      description =
          "With --from: record what the source says without contacting anyone (unverified).")
  boolean passive;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "512",
      description = "Hosts checked at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "2000",
      description = "New hosts per second, at most (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--timeout",
      paramLabel = "DUR",
      defaultValue = "5s",
      description =
          "Connect timeout and longest silence while reading (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--host-deadline",
      paramLabel = "DUR",
      defaultValue = "30s",
      description = "Most time spent on one host in all (default: ${DEFAULT-VALUE}).")
  String hostDeadline;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      defaultValue = "16",
      description = "Politeness: most requests sent to one host (default: ${DEFAULT-VALUE}).")
  int maxRequests;

  @Option(
      names = "--user-agent",
      paramLabel = "UA",
      description = "User-Agent to send (default: a neutral corral agent).")
  String userAgent;

  @Option(
      names = "--deep",
      description = "Also ask /api/show for each model's capabilities (one request per model).")
  boolean deep;

  @Option(
      names = "--active",
      description =
          "Also send one benign inference request (\"What is 2+2?\"), as Talos did. Off by"
              + " default: it makes the server load a model.")
  boolean active;

  @Option(
      names = "--geoip",
      paramLabel = "FILE",
      description =
          "Country database (MaxMind format: GeoLite2, DB-IP, IPinfo...). Default: the bundled"
              + " geo-whois-asn-country database.")
  Path geoip;

  @Option(
      names = "--asn-db",
      paramLabel = "FILE",
      description = "ASN database (GeoLite2-ASN, DB-IP ASN, ip-location-db ASN) for asn and org.")
  Path asnDb;

  @Option(names = "--no-geoip", description = "Do not look up countries.")
  boolean noGeoip;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write JSON lines here (default: standard output).")
  Path output;

  @Option(names = "--force", description = "Overwrite an existing output file.")
  boolean force;

  @Option(names = "--all", description = "Output every target, closed and unanswered ones too.")
  boolean all;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "Store the scan here: an SQLite file path or jdbc:postgresql://... (default: corral.db in"
              + " the data directory).")
  String db;

  @Option(names = "--no-store", description = "Do not save the scan in the store.")
  boolean noStore;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Fix the pseudo-random target order (shards on several machines need the same).")
  Long seed;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description = "Scan the I-th of N equal, disjoint parts of the target space, e.g. 2/4.")
  String shard;

  @Option(
      names = "--resume",
      description = "Continue the scan whose checkpoint is next to the output file.")
  boolean resume;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description = "Where to keep the resume checkpoint (default: OUTPUT.checkpoint).")
  Path checkpointFile;

  @Option(
      names = "--no-progress",
      description = "No progress line on the terminal (it is off when stderr is not a terminal).")
  boolean noProgress;

  @Mixin DataDirOption dataDir;

  @Mixin ApiSourceOptions api;

  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (api.countOnly()) {
      return printCounts();
    }
    validate();
    ScanSettings settings = settings();
    TargetSource source = source();
    AdvisoryDatabase advisories =
        AdvisoryDatabase.load(dataDir.dataDir().resolve(AdvisoryDatabase.OVERLAY_FILE_NAME));
    PrintWriter err = spec.commandLine().getErr();
    Enrichment enrichment = enrichment();
    Store store = noStore ? null : openStore();
    try (Writer out = openOutput();
        ScanEngine engine = new ScanEngine(settings, advisories, enrichment, Clock.systemUTC())) {
      long scanId = store == null ? -1 : store.beginScan(commandLine());
      ScanWriter saved = store == null ? null : store.writer(scanId);
      PositionTracker positions = new PositionTracker();
      ScanProgress progress = new ScanProgress();
      AtomicLong written = new AtomicLong();
      Thread hook = new Thread(() -> interrupt(engine), "corral-scan-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      ProgressLine line = ProgressLine.start(err, progress, source.total(), showProgress());
      Checkpointer checkpointer =
          Checkpointer.start(source, positions, checkpointPath(), () -> flush(out, saved));
      boolean interrupted;
      try {
        java.util.function.BiConsumer<ScanTarget, HostRecord> sink =
            (target, record) -> {
              try {
                if (all
                    || record.state() == ScanState.OPEN
                    || record.state() == ScanState.PASSIVE) {
                  emit(out, record);
                  written.incrementAndGet();
                  if (saved != null) {
                    saved.write(record);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                positions.finished(target.position());
              }
            };
        if (passive) {
          // Record what the source says; contact no one.
          Iterator<ScanTarget> candidates = source.targets(positions);
          while (candidates.hasNext() && !engine.stopped()) {
            ScanTarget t = candidates.next();
            sink.accept(
                t, engine.records().unreached(t, ScanState.PASSIVE, Clock.systemUTC().instant()));
          }
        } else {
          engine.run(source.targets(positions), sink, progress);
        }
      } finally {
        interrupted = engine.stopped();
        line.stop();
        checkpointer.stop(interrupted);
        out.flush();
        if (saved != null) {
          saved.close();
        }
        if (store != null) {
          store.finishScan(scanId, interrupted ? ScanStatus.INTERRUPTED : ScanStatus.FINISHED);
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running and waits for us.
        }
      }
      summary(err, progress, written.get(), scanId, store, interrupted, source);
      return interrupted ? 130 : 0;
    } finally {
      if (store != null) {
        store.close();
      }
      // Only now may a Ctrl-C hook let the JVM exit: everything is written and said.
      finished.countDown();
    }
  }

  /** Ctrl-C: stop taking targets, let the checks in flight finish, keep everything found. */
  private void interrupt(ScanEngine engine) {
    engine.stop();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void flush(Writer out, ScanWriter saved) {
    synchronized (out) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UserError("cannot write output: " + e.getMessage(), e);
      }
    }
    if (saved != null) {
      try {
        saved.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void emit(Writer out, HostRecord record) {
    String line = HostRecordJson.line(record);
    synchronized (out) {
      try {
        out.write(line);
        out.write('\n');
      } catch (IOException e) {
        throw new UserError("cannot write output: " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code --count}: the Shodan query's total and facets, as one JSON object on the output and as a
   * short table on standard error (the Talos study's "by country" view before any scan).
   */
  private int printCounts() throws IOException {
    if (!targets.isEmpty() || targetsFile != null || from != null) {
      throw usage("--count counts a --shodan-query; it takes no targets or --from");
    }
    ShodanFacets counts = api.counts(System.getenv());
    ObjectNode json = dev.corral.core.json.Json.mapper().createObjectNode();
    json.put("source", "shodan");
    json.put("total", counts.total());
    ObjectNode facets = json.putObject("facets");
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        Locale.ROOT, "Shodan: %,d results (counting spends no query credits).%n", counts.total());
    counts
        .facets()
        .forEach(
            (name, buckets) -> {
              ArrayNode list = facets.putArray(name);
              StringBuilder line = new StringBuilder("  by ").append(name).append(':');
              for (ShodanFacets.Bucket bucket : buckets) {
                double percent = counts.total() > 0 ? 100.0 * bucket.count() / counts.total() : 0;
                ObjectNode entry = list.addObject();
                entry.put("value", bucket.value());
                entry.put("count", bucket.count());
                entry.put("percent", Math.round(percent * 10) / 10.0);
                line.append(
                    String.format(
                        Locale.ROOT,
                        " %s %,d (%.1f %%),",
                        bucket.value(),
                        bucket.count(),
                        percent));
              }
              if (buckets.isEmpty()) {
                line.append(" none");
              } else {
                line.setLength(line.length() - 1);
              }
              err.println(line);
            });
    try (Writer out = openOutput()) {
      out.write(dev.corral.core.json.Json.mapper().writeValueAsString(json));
      out.write('\n');
    }
    return 0;
  }

  private void validate() {
    if (targets.isEmpty() && targetsFile == null && from == null && !api.requested()) {
      throw usage(
          "give at least one TARGET, --targets-file, --from or an API query (see corral scan --help)");
    }
    if (api.requested() && (from != null || !targets.isEmpty() || targetsFile != null)) {
      throw usage("give targets, --from or an API query, one of them");
    }
    if (passive && from == null && !api.requested()) {
      throw usage(
          "--passive needs --from or an API query: there is nothing to record without a source");
    }
    if (from != null && (!targets.isEmpty() || targetsFile != null)) {
      throw usage("give targets or --from, not both");
    }
    if (resume && from != null) {
      throw usage("--resume works with targets, not --from (a candidate file is read once)");
    }
    if (resume && output == null && checkpointFile == null) {
      throw usage("--resume needs -o FILE (or --checkpoint FILE) to find the checkpoint");
    }
    if (db != null && noStore) {
      throw usage("--db and --no-store contradict each other");
    }
  }

  private String geoDescription = "";

  private Enrichment enrichment() {
    if (noGeoip) {
      if (geoip != null || asnDb != null) {
        throw usage("--no-geoip contradicts --geoip/--asn-db");
      }
      return Enrichment.NONE;
    }
    try {
      GeoEnrichment geo = GeoEnrichment.open(geoip, asnDb);
      geoDescription = geo.describe();
      return geo;
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private ScanSettings settings() {
    Duration t = duration("--timeout", timeout);
    Duration deadline = duration("--host-deadline", hostDeadline);
    if (t.isZero() || deadline.isZero()) {
      throw usage("--timeout and --host-deadline must be more than zero");
    }
    ClientSettings client =
        new ClientSettings(
            t,
            t,
            deadline,
            userAgent == null ? ClientSettings.DEFAULT_USER_AGENT : userAgent,
            1 << 20);
    try {
      return new ScanSettings(
          concurrency, rate, client, new CheckOptions(maxRequests, deep, active));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Duration duration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + e.getMessage());
    }
  }

  private TargetSource source() throws IOException {
    PortList portList;
    try {
      portList = PortList.parse("--ports", ports);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Exclusions exclusions = exclusions();
    if (api.requested()) {
      boolean portsGiven = spec.commandLine().getParseResult().hasMatchedOption("--ports");
      java.util.Iterator<dev.corral.scan.source.Candidate> candidates =
          api.open(portsGiven ? portList : null, System.getenv()).orElseThrow();
      return TargetSource.candidates(
          candidates, () -> api.describe().orElse("search API"), exclusions);
    }
    if (from != null) {
      return TargetSource.candidates(openCandidates(portList), exclusions);
    }
    TargetSpace.Builder builder = TargetSpace.builder().ports(portList).exclusions(exclusions);
    try {
      builder.arguments(targets);
      if (targetsFile != null) {
        builder.file(targetsFile);
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (IOException e) {
      throw new UserError(e.getMessage(), e);
    }
    TargetSpace space = builder.build();
    Optional<Shard> requestedShard = Optional.empty();
    if (shard != null) {
      try {
        requestedShard = Optional.of(Shard.parse(shard));
      } catch (IllegalArgumentException e) {
        throw usage("--shard: " + e.getMessage());
      }
    }
    TargetGenerator generator;
    Path checkpoint = checkpointPath();
    if (resume) {
      if (checkpoint == null || !Files.exists(checkpoint)) {
        throw new UserError("nothing to resume: no checkpoint at " + checkpoint);
      }
      try {
        generator =
            Checkpoint.read(checkpoint)
                .resume(
                    space,
                    checkpoint.toString(),
                    requestedShard,
                    seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    } else {
      generator =
          space.generator(
              seed == null ? TargetGenerator.randomSeed() : seed, requestedShard.orElse(Shard.ALL));
    }
    return TargetSource.generated(generator);
  }

  private CandidateReader openCandidates(PortList portList) {
    try {
      return CandidateReader.open(from, portList);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("cannot read " + from + ": " + reason(e), e);
    }
  }

  private Exclusions exclusions() {
    Exclusions.Builder b = Exclusions.builder();
    try {
      if (exclude != null) {
        b.list(exclude);
      }
      if (excludeFile != null) {
        b.file(excludeFile);
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot read " + excludeFile + ": " + reason(e), e);
    }
    return b.build();
  }

  private Path checkpointPath() {
    if (checkpointFile != null) {
      return checkpointFile;
    }
    return output == null ? null : Path.of(output + ".checkpoint");
  }

  private Writer openOutput() throws IOException {
    if (output == null) {
      return StandardOutput.of(spec.commandLine());
    }
    if (Files.exists(output) && !resume && !force) {
      throw new UserError(
          output + " exists: use --resume to continue that scan, or --force to overwrite it");
    }
    try {
      return Files.newBufferedWriter(
          output,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UserError("cannot write " + output + ": " + reason(e), e);
    }
  }

  private Store openStore() {
    String location =
        db != null
            ? db
            : dev.corral.store.DataDirectory.resolve(
                    System.getenv(), System.getProperty("user.home"))
                .resolve(dev.corral.store.DataDirectory.DATABASE_FILE)
                .toString();
    if (db == null && dataDirGiven()) {
      location = dataDir.dataDir().resolve(dev.corral.store.DataDirectory.DATABASE_FILE).toString();
    }
    try {
      if (db == null) {
        Files.createDirectories(Path.of(location).toAbsolutePath().getParent());
      }
      return Store.open(location);
    } catch (IOException e) {
      throw new UserError("cannot create " + Path.of(location).getParent() + ": " + reason(e), e);
    } catch (RuntimeException e) {
      throw new UserError(e.getMessage() + " (use --no-store to scan without saving)", e);
    }
  }

  private boolean dataDirGiven() {
    return spec.commandLine().getParseResult().hasMatchedOption("--data-dir");
  }

  private boolean showProgress() {
    return !noProgress && Terminal.interactive();
  }

  private String commandLine() {
    return "corral scan " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  private void summary(
      PrintWriter err,
      ScanProgress p,
      long written,
      long scanId,
      Store store,
      boolean interrupted,
      TargetSource source) {
    err.printf(
        "corral scan: %s %,d target%s in %.1fs (%,.0f/s): %,d open, %,d Ollama, %,d exposed.%n",
        interrupted ? "interrupted after" : "checked",
        p.done(),
        p.done() == 1 ? "" : "s",
        p.elapsedSeconds(),
        p.rate(),
        p.open(),
        p.ollama(),
        p.exposed());
    err.printf(
        "  %,d record%s written to %s%s.%n",
        written,
        written == 1 ? "" : "s",
        output == null ? "standard output" : output.toString(),
        store == null ? "" : "; saved as scan #" + scanId + " in " + store.location());
    source.problems().ifPresent(err::println);
    if (!noGeoip) {
      err.printf("  Countries: %s.%n", geoDescription);
    }
    if (interrupted && checkpointPath() != null && source.resumable()) {
      err.printf("  Resume with the same arguments plus --resume.%n");
    }
    err.flush();
  }
}
