package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
  private static final String HOME = "/home/ana";

  @Test
  void corralHomeComesFirst() {
    assertThat(
            DataDirectory.resolve(
                Map.of("CORRAL_HOME", "/opt/corral", "XDG_DATA_HOME", "/data"), HOME))
        .isEqualTo(Path.of("/opt/corral"));
  }

  @Test
  void thenXdgDataHomeWithACorralSubdirectory() {
    assertThat(DataDirectory.resolve(Map.of("XDG_DATA_HOME", "/data"), HOME))
        .isEqualTo(Path.of("/data/corral"));
  }

  @Test
  void thenTheXdgDefaultUnderHome() {
    assertThat(DataDirectory.resolve(Map.of(), HOME))
        .isEqualTo(Path.of("/home/ana/.local/share/corral"));
  }

  @Test
  void blankAndRelativeValuesAreIgnoredAsTheXdgSpecSays() {
    assertThat(
            DataDirectory.resolve(
                Map.of("CORRAL_HOME", " ", "XDG_DATA_HOME", "relative/dir"), HOME))
        .isEqualTo(Path.of("/home/ana/.local/share/corral"));
  }

  @Test
  void theDefaultDatabaseIsCorralDbInTheDataDirectory() {
    assertThat(DataDirectory.defaultDatabase())
        .isEqualTo(DataDirectory.resolve().resolve("corral.db"));
  }
}
