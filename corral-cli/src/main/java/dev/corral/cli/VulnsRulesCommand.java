package dev.corral.cli;

import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.GatewayRule;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code corral vulns rules}: the gateway's rules and the advisories each one neutralises. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "List the gateway rules and, for each, the advisories it neutralises for remote"
            + " attackers.")
final class VulnsRulesCommand implements Runnable {

  @Mixin private DataDirOption dataDir;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    AdvisoryDatabase database = VulnsCommand.open(dataDir);
    PrintWriter out = spec.commandLine().getOut();
    for (GatewayRule rule : GatewayRule.values()) {
      List<Advisory> covered = database.mitigatedBy(rule);
      out.println(rule.id());
      out.println("  " + rule.description());
      String covers =
          "covers "
              + covered.size()
              + (covered.isEmpty()
                  ? ""
                  : ": " + String.join(", ", covered.stream().map(Advisory::id).toList()));
      AdvisoryDetails.wrap(covers, 86).forEach(line -> out.println("  " + line));
      out.println(
          "  enforced by "
              + (rule.enforcedBy().isEmpty()
                  ? "the Ollama host's firewall (outside the gateway)"
                  : rule.enforcedBy()));
      out.println();
    }
    List<Advisory> uncovered =
        database.all().stream().filter(a -> a.mitigations().isEmpty()).toList();
    if (!uncovered.isEmpty()) {
      out.println(
          "No gateway rule covers: "
              + String.join(
                  ", ",
                  uncovered.stream().map(a -> a.id() + " (" + a.component().id() + ")").toList()));
    }
  }
}
