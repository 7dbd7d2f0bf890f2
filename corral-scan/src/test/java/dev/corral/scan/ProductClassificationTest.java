package dev.corral.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.lab.persona.Persona;
import dev.corral.scan.engine.CheckOptions;
import dev.corral.scan.engine.HostChecker;
import dev.corral.scan.http.ClientSettings;
import dev.corral.scan.http.ScanHttpClient;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.record.RecordBuilder;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Look-alikes, honeypots and traps must never be called an exposed Ollama. */
class ProductClassificationTest {
  private static LabTargets lab;
  private static ScanHttpClient client;
  private static HostChecker checker;

  @BeforeAll
  static void start() {
    lab = new LabTargets();
    client =
        new ScanHttpClient(
            new ClientSettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(4),
                ClientSettings.DEFAULT_USER_AGENT,
                1 << 20),
            1);
    checker =
        new HostChecker(
            client,
            new RecordBuilder(AdvisoryDatabase.builtin(), Enrichment.NONE),
            CheckOptions.defaults(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    client.close();
    lab.close();
  }

  private static HostRecord check(String product) {
    return checker
        .check(
            LabTargets.target(
                lab.start(Persona.builder(product, Persona.NEWEST).product(product).build())))
        .join();
  }

  @ParameterizedTest
  @CsvSource({
    "koboldcpp, koboldcpp, MEDIUM",
    "open-webui, open-webui, NONE",
    "litellm, litellm, NONE",
    "vllm, vllm, MEDIUM",
    "llama.cpp, llama.cpp, MEDIUM",
    "lm-studio, lm-studio, MEDIUM",
    "localai, localai, MEDIUM",
    "honeypot, honeypot, NONE",
    "nginx, http, NONE",
  })
  void namesTheProductAndNeverCallsItOllama(String persona, String product, Risk risk) {
    HostRecord r = check(persona);
    assertThat(r.state()).isEqualTo(ScanState.OPEN);
    assertThat(r.product()).isEqualTo(product);
    assertThat(r.ollama()).isFalse();
    assertThat(r.exposed()).isFalse();
    assertThat(r.version()).isNull();
    assertThat(r.cves()).isEmpty();
    assertThat(r.models()).isEmpty();
    assertThat(r.risk()).isEqualTo(risk);
  }

  @Test
  void tarpitTimesOutWithinTheHostDeadline() {
    HostRecord r = check("tarpit");
    assertThat(r.state()).isEqualTo(ScanState.TIMEOUT);
    assertThat(r.ollama()).isFalse();
    assertThat(r.product()).isNull();
  }
}
