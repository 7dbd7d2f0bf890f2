package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.judge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.corral.gateway.policy.ModelfileParsers.Command;
import dev.corral.gateway.policy.ModelfileParsers.Variant;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The legacy {@code modelfile} of {@code /api/create} as each Ollama version read it: the bypasses
 * of the old line reader, what sets the parser variants apart, and ordinary modelfiles that must
 * keep working.
 */
class LegacyModelfileTest {

  private static final Set<Variant> SCANNERS =
      EnumSet.of(Variant.SCAN_V0_1_10, Variant.SCAN_V0_1_14, Variant.SCAN_V0_1_21);
  private static final Set<Variant> RUNES = EnumSet.complementOf(EnumSet.copyOf(SCANNERS));

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());

  // ---- the bypasses of the old reader ---------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        // '\r' ends a line for v0.1.34+ (the old reader and v0.1.10-v0.1.33 split on '\n' only).
        "FROM llama3.2\nSYSTEM hi\rADAPTER /root/.ssh/id_rsa\rFROM /etc/passwd\n",
        // A comment ends at '\r' too.
        "# c\rFROM /etc/passwd",
        // A leading BOM: stripped by v0.1.44+, an unprintable (vanishing) first rune before.
        "\uFEFFFROM /etc/passwd",
        // A BOM at the start of a later line still vanishes.
        "FROM llama3.2\n\uFEFFFROM /etc/passwd\n",
        // A '"' value spans lines until a line ends with '"': the """ is not an opening quote.
        "FROM llama3.2\nSYSTEM \"abc\nX \"\"\"\nADAPTER /etc/shadow\nFROM /dev/random\n"
      })
  void confirmedBypassesAreRefused(String modelfile) {
    assertThat(refusal(modelfile).rule()).isEqualTo("create-no-legacy-paths");
    Verdict verdict =
        judge(
            policy,
            ADMIN_ALL,
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"" + jsonEscape(modelfile) + "\"}");
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.rule()).isEqualTo("create-no-legacy-paths");
  }

  @Test
  void carriageReturnsSplitLinesForTheRuneParsersOnly() {
    String modelfile = "FROM llama3.2\nSYSTEM hi\rADAPTER /root/.ssh/id_rsa\rFROM /etc/passwd\n";
    for (Variant variant : RUNES) {
      assertThat(files(modelfile, variant))
          .as(variant.name())
          .containsExactly("model llama3.2", "adapter /root/.ssh/id_rsa", "model /etc/passwd");
    }
    for (Variant variant : SCANNERS) {
      assertThat(files(modelfile, variant)).as(variant.name()).containsExactly("model llama3.2");
    }
  }

  @Test
  void singleQuoteSpansAreReadByEveryVersion() {
    String modelfile =
        "FROM llama3.2\nSYSTEM \"abc\nX \"\"\"\nADAPTER /etc/shadow\nFROM /dev/random\n";
    for (Variant variant : Variant.values()) {
      assertThat(files(modelfile, variant))
          .as(variant.name())
          .containsExactly("model llama3.2", "adapter /etc/shadow", "model /dev/random");
    }
  }

  @Test
  void parameterNamedModelOrAdapterIsAFileReference() {
    // CreateModel switches on the command name, and PARAMETER makes its name the command name.
    String modelfile = "FROM llama3.2\nPARAMETER model /etc/passwd\n";
    for (Variant variant : Variant.values()) {
      assertThat(files(modelfile, variant))
          .as(variant.name())
          .containsExactly("model llama3.2", "model /etc/passwd");
    }
    assertThat(refusal(modelfile).rule()).isEqualTo("create-no-legacy-paths");
    assertThat(refusal("FROM llama3.2\nPARAMETER adapter /root/x.gguf\n").rule())
        .isEqualTo("create-no-legacy-paths");
  }

  // ---- what sets each variant apart ------------------------------------------------------------

  @Test
  void scannerStartsANewTokenAfterAClosingQuote() {
    String modelfile = "FROM llama3.2\nSYSTEM \"\"\"hi\"\"\"FROM /etc/passwd\n";
    for (Variant variant : SCANNERS) {
      assertThat(files(modelfile, variant))
          .as(variant.name())
          .containsExactly("model llama3.2", "model /etc/passwd");
    }
    for (Variant variant : RUNES) {
      assertThat(reading(modelfile, variant)).as(variant.name()).isEmpty(); // value never closes
    }
    assertThat(refusal(modelfile).rule()).isEqualTo("create-no-legacy-paths");
  }

  @Test
  void scannerReadsAnUnclosedTripleQuoteAsEmptyQuotesBeforeEof() {
    // The closing """ is not there, so the '"' rule takes the first two marks as "".
    String modelfile = "FROM llama3.2\nSYSTEM \"\"\"hi\nFROM /etc/passwd\n";
    assertThat(files(modelfile, Variant.SCAN_V0_1_21))
        .containsExactly("model llama3.2", "model /etc/passwd");
    assertThat(reading(modelfile, Variant.RUNES_V0_1_49)).isEmpty();
  }

  @Test
  void scannerSkipsLinesStartingWithASpaceAndNeedsASpaceAfterTheCommand() {
    assertThat(files("FROM llama3.2\n FROM /etc/passwd\n", Variant.SCAN_V0_1_21))
        .containsExactly("model llama3.2");
    assertThat(files("FROM llama3.2\n FROM /etc/passwd\n", Variant.RUNES_V0_1_49))
        .containsExactly("model llama3.2", "model /etc/passwd");
    // "FROM\t/x" has no ' ': fields[1] panics in Go, the whole request fails.
    assertThat(reading("FROM\tllama3.2\n", Variant.SCAN_V0_1_21)).isEmpty();
    assertThat(files("FROM\tllama3.2\n", Variant.RUNES_V0_1_49)).containsExactly("model llama3.2");
  }

  @Test
  void scannerFailsOnATokenOver64KiB() {
    String modelfile = "FROM llama3.2\nSYSTEM " + "a".repeat(70_000) + "\n";
    for (Variant variant : SCANNERS) {
      assertThat(reading(modelfile, variant)).as(variant.name()).isEmpty();
    }
    assertThat(files(modelfile, Variant.RUNES_V0_1_49)).containsExactly("model llama3.2");
    // Past the first 64 KiB the window slides: short lines are fine however long the file.
    String manyLines =
        "FROM llama3.2\n" + "PARAMETER stop x\n".repeat(10_000) + "ADAPTER @" + DIGEST;
    assertThat(files(manyLines, Variant.SCAN_V0_1_14))
        .containsExactly("model llama3.2", "adapter @" + DIGEST);
  }

  @Test
  void earliestScannerKeepsBlanksAndLaterOnesTrimThem() {
    String modelfile = "FROM  llama3.2 \n";
    assertThat(reading(modelfile, Variant.SCAN_V0_1_10).orElseThrow())
        .containsExactly(new Command("model", " llama3.2 "));
    assertThat(reading(modelfile, Variant.SCAN_V0_1_14).orElseThrow())
        .containsExactly(new Command("model", "llama3.2"));
  }

  @Test
  void messageIsValidatedFromV0_1_21Only() {
    String modelfile = "FROM llama3.2\nMESSAGE robot hi\n";
    assertThat(files(modelfile, Variant.SCAN_V0_1_14)).containsExactly("model llama3.2");
    assertThat(reading(modelfile, Variant.SCAN_V0_1_21)).isEmpty();
    assertThat(reading(modelfile, Variant.RUNES_V0_1_49)).isEmpty();
  }

  @Test
  void trimBeforeUnquoteFromV0_1_49() {
    // A blank after the closing quotes: v0.1.49+ trims it and closes the value at the newline,
    // v0.1.44-v0.1.48 do not and keep reading the value until it ends with """.
    String closesLate = "FROM llama3.2\nSYSTEM \"\"\"hi\"\"\" \nX\n\"\"\"\nFROM /etc/passwd\n";
    assertThat(files(closesLate, Variant.RUNES_V0_1_44))
        .containsExactly("model llama3.2", "model /etc/passwd");
    assertThat(reading(closesLate, Variant.RUNES_V0_1_49)).isEmpty(); // "X" is no command
    String closesEarly = "FROM llama3.2\nSYSTEM \"\"\"hi\"\"\" \nADAPTER /etc/shadow\n";
    assertThat(reading(closesEarly, Variant.RUNES_V0_1_44)).isEmpty(); // never closed
    assertThat(files(closesEarly, Variant.RUNES_V0_1_49))
        .containsExactly("model llama3.2", "adapter /etc/shadow");
    // Before v0.1.49 blanks stay in the value.
    assertThat(reading("FROM  llama3.2", Variant.RUNES_V0_1_44).orElseThrow())
        .containsExactly(new Command("model", " llama3.2"));
    assertThat(reading("FROM  llama3.2", Variant.RUNES_V0_1_49).orElseThrow())
        .containsExactly(new Command("model", "llama3.2"));
  }

  @Test
  void utf16ModeOfV0_1_39SkipsNulRunes() {
    String modelfile = "\uFFFDFR\u0000OM /etc/\u0000passwd\n";
    assertThat(reading(modelfile, Variant.RUNES_V0_1_39).orElseThrow())
        .containsExactly(new Command("model", "/etc/passwd"));
    for (Variant variant : Variant.values()) {
      if (variant != Variant.RUNES_V0_1_39) {
        assertThat(reading(modelfile, variant)).as(variant.name()).isEmpty();
      }
    }
    assertThat(refusal(modelfile).rule()).isEqualTo("create-no-legacy-paths");
    // Without the leading U+FFFD a NUL in a name is an invalid command there too.
    assertThat(reading("FR\u0000OM llama3.2", Variant.RUNES_V0_1_39)).isEmpty();
  }

  @Test
  void bomIsStrippedFromV0_1_44AndVanishesOnlyBeforeANameEarlier() {
    String modelfile = "\uFEFF# generated\nFROM /etc/passwd\n";
    assertThat(reading(modelfile, Variant.RUNES_V0_1_34))
        .isEmpty(); // BOM starts a name, '#' ends it
    assertThat(files(modelfile, Variant.RUNES_V0_1_44)).containsExactly("model /etc/passwd");
    assertThat(files(modelfile, Variant.RUNES_V0_1_49)).containsExactly("model /etc/passwd");
    String bomThenFrom = "\uFEFFFROM /etc/passwd\n";
    assertThat(files(bomThenFrom, Variant.RUNES_V0_1_34)).containsExactly("model /etc/passwd");
    assertThat(reading(bomThenFrom, Variant.BYTES_V0_1_43)).isEmpty(); // three U+FFFD
    assertThat(reading(bomThenFrom, Variant.SCAN_V0_1_21)).isEmpty(); // "\uFEFFFROM": no FROM
  }

  @Test
  void v0_1_43ReadsEachNonAsciiByteAsReplacementCharacter() {
    assertThat(reading("FROM llam\u00E9", Variant.BYTES_V0_1_43).orElseThrow())
        .containsExactly(new Command("model", "llam\uFFFD\uFFFD"));
    assertThat(reading("FROM llam\u00E9", Variant.RUNES_V0_1_34).orElseThrow())
        .containsExactly(new Command("model", "llam\u00E9"));
    // A zero-width space after closing quotes vanishes for the rune readers, not for v0.1.43.
    String modelfile = "FROM llama3.2\nSYSTEM \"\"\"x\"\"\u200B\"\nX \"\"\"\nFROM /etc/passwd\n";
    assertThat(reading(modelfile, Variant.RUNES_V0_1_34)).isEmpty(); // closes, then "X" fails
    assertThat(files(modelfile, Variant.BYTES_V0_1_43))
        .containsExactly("model llama3.2", "model /etc/passwd");
  }

  @Test
  void v0_1_34Rc1RefusesEmptyValues() {
    String modelfile = "FROM llama3.2\nSYSTEM \n\"\"\"\nFROM /etc/passwd\n";
    assertThat(files(modelfile, Variant.RUNES_V0_1_34_RC1))
        .containsExactly("model llama3.2", "model /etc/passwd");
    assertThat(reading(modelfile, Variant.RUNES_V0_1_34)).isEmpty(); // '"' starts no command
    assertThat(refusal(modelfile).rule()).isEqualTo("create-no-legacy-paths");
  }

  @Test
  void unprintableRunesVanishFromValues() {
    assertThat(reading("FROM /etc/\u200Bpasswd", Variant.RUNES_V0_1_49).orElseThrow())
        .containsExactly(new Command("model", "/etc/passwd"));
    assertThat(refusal("FROM llama3.2\nADAPTER \u00A0/etc/shadow").rule())
        .isEqualTo("create-no-legacy-paths");
  }

  @Test
  void variantsReadingDifferentCommandsAreRefused() {
    // v0.1.49+ closes SYSTEM at the first line and reads FROM mistral; v0.1.44-v0.1.48 keep the
    // next lines in SYSTEM until TEMPLATE's closing quotes. No path, but two readings.
    String modelfile =
        "FROM llama3.2\nSYSTEM \"\"\"hi\"\"\" \nFROM mistral\nTEMPLATE \"\"\"x\"\"\"\n";
    assertThat(files(modelfile, Variant.RUNES_V0_1_49))
        .containsExactly("model llama3.2", "model mistral");
    assertThat(files(modelfile, Variant.RUNES_V0_1_44)).containsExactly("model llama3.2");
    Refusal refusal = refusal(modelfile);
    assertThat(refusal.status()).isEqualTo(403);
    assertThat(refusal.rule()).isEqualTo("create-no-legacy-paths");
  }

  // ---- ordinary modelfiles --------------------------------------------------------------------

  @Test
  void ordinaryModelfilesPassWithTheirBaseModel() throws Refusal {
    assertThat(LegacyModelfile.baseModels("FROM llama3.2\n")).containsExactly("llama3.2");
    assertThat(LegacyModelfile.baseModels("from library/llama3.2:1b"))
        .containsExactly("library/llama3.2:1b");
    assertThat(LegacyModelfile.baseModels("FROM @" + DIGEST + "\n")).isEmpty();
    String full =
        "# Modelfile generated by \"ollama show\"\n"
            + "# To build a new Modelfile based on this, replace FROM with:\n"
            + "# FROM llama3.2:latest\n"
            + "\n"
            + "FROM llama3.2\n"
            + "TEMPLATE \"\"\"{{ if .System }}<|start_header_id|>system<|end_header_id|>\n"
            + "\n"
            + "{{ .System }}<|eot_id|>{{ end }}\"\"\"\n"
            + "SYSTEM \"\"\"You are a helpful assistant.\n"
            + "From now on, be brief.\n"
            + "\"\"\"\n"
            + "PARAMETER temperature 0.7\n"
            + "PARAMETER stop \"<|eot_id|>\"\n"
            + "PARAMETER stop <|start_header_id|>\n"
            + "MESSAGE user Is the sky blue?\n"
            + "MESSAGE assistant Yes.\n"
            + "LICENSE \"\"\"\"Agreement\" means the terms.\n"
            + "\"\"\"\n"
            + "ADAPTER @"
            + DIGEST
            + "\n";
    assertThat(LegacyModelfile.baseModels(full)).containsExactly("llama3.2");
    assertThat(LegacyModelfile.baseModels(full.replace("\n", "\r\n"))).containsExactly("llama3.2");
    for (String text : List.of(full, full.replace("\n", "\r\n"))) {
      // Every version reads the same; MESSAGE is an unknown, skipped command before v0.1.21.
      for (Variant variant : Variant.values()) {
        assertThat(files(text, variant))
            .as(variant.name())
            .containsExactly("model llama3.2", "adapter @" + DIGEST);
      }
    }
  }

  @Test
  void quotedTextMentioningFromStaysText() throws Refusal {
    String modelfile =
        "FROM llama3.2\nSYSTEM \"\"\"\nFrom now on, be brief.\nFROM /etc/passwd is text.\n\"\"\"\n";
    assertThat(LegacyModelfile.baseModels(modelfile)).containsExactly("llama3.2");
    assertThat(
            judge(
                    policy,
                    ADMIN_ALL,
                    "/api/create",
                    "{\"name\":\"x\",\"modelfile\":\"" + jsonEscape(modelfile) + "\"}")
                .allowed())
        .isTrue();
  }

  @Test
  void blanksAroundNamesAreTrimmedForTheAllowlist() throws Refusal {
    assertThat(LegacyModelfile.baseModels("FROM  llama3.2 \n")).containsExactly("llama3.2");
    assertThat(refusal("FROM  /etc/passwd").rule()).isEqualTo("create-no-legacy-paths");
    assertThat(refusal("FROM llama3.2\nADAPTER llama3.2\n").rule())
        .isEqualTo("create-no-legacy-paths");
    assertThat(refusal("FROM @sha256:1234").rule()).isEqualTo("manifest-digest-format");
  }

  @Test
  void largeModelfilesAreReadInLinearTime() {
    String big =
        "FROM llama3.2\nSYSTEM \"\"\""
            + "word \n".repeat(200_000)
            + "\"\"\"\n"
            + "\" ".repeat(100_000);
    String quoted = "FROM llama3.2\n" + "PARAMETER stop \"x\"\n".repeat(50_000);
    Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          ModelfileParsers.readAll(big);
          assertThat(files(quoted, Variant.SCAN_V0_1_21)).containsExactly("model llama3.2");
        });
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static Refusal refusal(String modelfile) {
    Refusal refusal =
        catchThrowableOfType(Refusal.class, () -> LegacyModelfile.baseModels(modelfile));
    assertThat(refusal).as("refusal of %s", modelfile).isNotNull();
    return refusal;
  }

  private static Optional<List<Command>> reading(String modelfile, Variant variant) {
    Map<Variant, Optional<List<Command>>> readings = ModelfileParsers.readAll(modelfile);
    return readings.get(variant);
  }

  /** The file references of one reading, as "model x" / "adapter y"; fails if it was refused. */
  private static List<String> files(String modelfile, Variant variant) {
    return reading(modelfile, variant)
        .orElseThrow(() -> new AssertionError(variant + " refused " + modelfile))
        .stream()
        .filter(c -> c.name().equals("model") || c.name().equals("adapter"))
        .map(c -> c.name() + " " + c.args())
        .toList();
  }

  private static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
