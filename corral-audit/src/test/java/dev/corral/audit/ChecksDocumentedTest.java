package dev.corral.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.audit.advisory.VersionChecks;
import dev.corral.audit.check.Check;
import dev.corral.audit.container.ContainerChecks;
import dev.corral.audit.local.LocalChecks;
import dev.corral.audit.remote.RemoteChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/checks.md documents exactly the checks that exist. */
class ChecksDocumentedTest {
  private static List<Check> all() {
    List<Check> all = new ArrayList<>();
    all.addAll(ContainerChecks.ALL);
    all.addAll(LocalChecks.ALL);
    all.addAll(RemoteChecks.ALL);
    for (String prefix : List.of("local", "remote")) {
      all.add(VersionChecks.outdated(prefix));
      all.add(VersionChecks.unfixed(prefix));
    }
    return all;
  }

  @Test
  void everyCheckIdIsUniqueAndDocumentedWithItsSeverity() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "checks.md"));
    List<Check> all = all();
    assertThat(new HashSet<>(all.stream().map(Check::id).toList())).hasSize(all.size());
    for (Check c : all) {
      assertThat(c.id()).matches("(container|local|remote)\\.[a-z0-9-]+");
      Matcher row =
          Pattern.compile("\\| `" + Pattern.quote(c.id()) + "` \\| ([a-z ]+) \\|").matcher(doc);
      assertThat(row.find()).as(c.id() + " has a row in docs/checks.md").isTrue();
      if (!row.group(1).equals("worst advisory")) {
        assertThat(row.group(1)).as(c.id()).isEqualTo(c.severity().id());
      }
    }
  }

  @Test
  void theDocumentNamesNoCheckThatDoesNotExist() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "checks.md"));
    Matcher m =
        Pattern.compile("^\\| `((?:container|local|remote)\\.[a-z0-9-]+)` \\|", Pattern.MULTILINE)
            .matcher(doc);
    List<String> ids = all().stream().map(Check::id).toList();
    int rows = 0;
    while (m.find()) {
      rows++;
      assertThat(ids).contains(m.group(1));
    }
    assertThat(rows).isEqualTo(ids.size());
  }
}
