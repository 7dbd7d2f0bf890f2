package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorralCommandTest {

  @Test
  void versionPrintsTheBuiltVersion() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).matches("corral \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: corral", "help");
  }

  @Test
  void unknownCommandIsOneClearLineAndExitCodeTwo() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("corral: Unmatched argument at index 0: 'frobnicate'");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void unknownFlagIsRejected() {
    CliRun run = CliRun.of("--no-such-flag");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void noCommandFailsWithUsageHint() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command.").contains("corral --help");
  }
}
