package dev.corral.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * Keeps the benchmarks honest without running them: JMH's generator ran, every parameter value sets
 * up (which checks that the Go side and the Jackson reference agree), and the bodies have the sizes
 * the benchmark comments and BENCHMARKS.md claim.
 */
class BenchmarkSetupTest {

  @Test
  void jmhGeneratorListedEveryBenchmark() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertThat(in)
          .as("META-INF/BenchmarkList (is jmh-generator-annprocess running?)")
          .isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(list)
        .contains("GoJsonReadBenchmark_goJsonReader_jmhTest")
        .contains("GoJsonReadBenchmark_jacksonReadTree_jmhTest")
        .contains("GoJsonWriteBenchmark_goJsonWriter_jmhTest")
        .contains("GoJsonWriteBenchmark_jacksonWriteValueAsBytes_jmhTest")
        .contains("AdvisoryLookupBenchmark_parseVersion_jmhTest")
        .contains("AdvisoryLookupBenchmark_parseAndMatchVersion_jmhTest")
        .contains("AdvisoryLookupBenchmark_matchRange_jmhTest")
        .contains("GatewayCheckBenchmark_authenticate_jmhTest")
        .contains("GatewayCheckBenchmark_judgeChat_jmhTest")
        .contains("AuditWriteBenchmark_insert_jmhTest")
        .contains("AuditWriteBenchmark_writerInsert_jmhTest")
        .contains("AuditWriteBenchmark_sinkWrite_jmhTest");
  }

  @Test
  void gatewayChecksSetUpOnARealKeyStoreAndAllowTheChat() throws Exception {
    GatewayCheckBenchmark benchmark = new GatewayCheckBenchmark();
    // setUp itself refuses to run when the key is not accepted or the chat is refused.
    benchmark.setUp();
    try {
      assertThat(benchmark.authenticate())
          .isInstanceOf(dev.corral.gateway.auth.AuthOutcome.Authenticated.class);
      assertThat(benchmark.judgeChat().allowed()).isTrue();
      assertThat(benchmark.judgeChat().model())
          .isEqualTo("registry.ollama.ai/library/llama3.2:latest");
      assertThat(benchmark.hmacOnly()).hasSize(32);
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void auditWritesStoreWholeBatchesInARealSqliteFile() throws Exception {
    AuditWriteBenchmark benchmark = new AuditWriteBenchmark();
    benchmark.setUp();
    try {
      benchmark.emptyTheTable();
      benchmark.insert();
      benchmark.nextBatch();
      benchmark.writerInsert();
      benchmark.nextBatch();
      assertThat(benchmark.sinkWrite()).isEqualTo(AuditWriteBenchmark.BATCH);
      assertThat(benchmark.count()).isEqualTo(3L * AuditWriteBenchmark.BATCH);
      benchmark.emptyTheTable();
      assertThat(benchmark.count()).isZero();
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void everyBodyIsBenchmarked() throws NoSuchFieldException {
    assertThat(params(GoJsonReadBenchmark.class, "body"))
        .containsExactlyElementsOf(RequestBodies.names());
    assertThat(params(GoJsonWriteBenchmark.class, "value"))
        .containsExactlyElementsOf(ResponseBodies.names());
  }

  @Test
  void readBodiesParseAlikeAndHaveTheirSizes() throws Exception {
    for (String name : params(GoJsonReadBenchmark.class, "body")) {
      GoJsonReadBenchmark benchmark = new GoJsonReadBenchmark();
      benchmark.body = name;
      benchmark.setUp();
      int size = benchmark.size();
      switch (name) {
        case RequestBodies.CHAT_1K -> assertThat(size).as(name).isBetween(900, 1200);
        case RequestBodies.GENERATE -> assertThat(size).as(name).isBetween(60, 200);
        case RequestBodies.PROMPT_64K -> assertThat(size).as(name).isEqualTo(64 * 1024);
        default -> throw new AssertionError(name);
      }
    }
  }

  @Test
  void writeValuesEncodeAlikeAndHaveTheirSizes() throws Exception {
    for (String name : params(GoJsonWriteBenchmark.class, "value")) {
      GoJsonWriteBenchmark benchmark = new GoJsonWriteBenchmark();
      benchmark.value = name;
      benchmark.setUp();
      int size = benchmark.size();
      switch (name) {
        case ResponseBodies.TAGS -> assertThat(size).as(name).isBetween(1200, 1400);
        case ResponseBodies.NDJSON_LINE -> assertThat(size).as(name).isBetween(80, 120);
        default -> throw new AssertionError(name);
      }
    }
  }

  @Test
  void advisoryLookupsFindAdvisories() throws NoSuchFieldException {
    AdvisoryLookupBenchmark benchmark = new AdvisoryLookupBenchmark();
    for (String version : params(AdvisoryLookupBenchmark.Reported.class, "version")) {
      AdvisoryLookupBenchmark.Reported reported = new AdvisoryLookupBenchmark.Reported();
      reported.version = version;
      assertThat(benchmark.parseAndMatchVersion(reported)).as(version).isNotEmpty();
    }
    for (String range : params(AdvisoryLookupBenchmark.Inferred.class, "range")) {
      AdvisoryLookupBenchmark.Inferred inferred = new AdvisoryLookupBenchmark.Inferred();
      inferred.range = range;
      inferred.setUp();
      assertThat(benchmark.matchRange(inferred)).as(range).isNotEmpty();
    }
  }

  /** The values JMH will run for a {@code @Param} field. */
  private static List<String> params(Class<?> state, String field) throws NoSuchFieldException {
    return List.of(state.getField(field).getAnnotation(Param.class).value());
  }
}
