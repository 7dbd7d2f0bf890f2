package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirOptionTest {

  private static final String HOME = "/home/ana";

  @Test
  void theOptionWinsOverTheEnvironment() {
    Path resolved =
        DataDirOption.resolve(Path.of("/srv/corral"), Map.of("CORRAL_HOME", "/opt/corral"), HOME);
    assertThat(resolved).isEqualTo(Path.of("/srv/corral"));
  }

  @Test
  void corralHomeComesBeforeXdg() {
    Path resolved =
        DataDirOption.resolve(
            null, Map.of("CORRAL_HOME", "/opt/corral", "XDG_DATA_HOME", "/data"), HOME);
    assertThat(resolved).isEqualTo(Path.of("/opt/corral"));
  }

  @Test
  void xdgDataHomeGetsACorralSubdirectory() {
    assertThat(DataDirOption.resolve(null, Map.of("XDG_DATA_HOME", "/data"), HOME))
        .isEqualTo(Path.of("/data/corral"));
  }

  @Test
  void withNothingSetItIsTheXdgDefaultUnderHome() {
    assertThat(DataDirOption.resolve(null, Map.of(), HOME))
        .isEqualTo(Path.of("/home/ana/.local/share/corral"));
  }

  @Test
  void blankAndRelativeValuesAreIgnoredAsTheXdgSpecSays() {
    assertThat(
            DataDirOption.resolve(
                null, Map.of("CORRAL_HOME", " ", "XDG_DATA_HOME", "relative/dir"), HOME))
        .isEqualTo(Path.of("/home/ana/.local/share/corral"));
  }

  @Test
  void theOptionIsOnEveryVulnsCommand() {
    for (String command : new String[] {"vulns", "show", "import", "rules"}) {
      String[] args =
          command.equals("vulns")
              ? new String[] {"vulns", "--help"}
              : new String[] {"vulns", command, "--help"};
      assertThat(CliRun.of(args).out()).as(command).contains("--data-dir=DIR");
    }
  }
}
