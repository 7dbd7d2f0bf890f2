package dev.corral.cli;

import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral vulns show ID}: one advisory in full. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show one advisory in full: ranges, attack, mitigating gateway rules, notes.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral vulns show CVE-2026-7482",
      "  corral vulns show GO-2024-2901      an alias finds its advisory",
      "  corral vulns show CORRAL-2024-0001  model poisoning/theft (no CVE)",
    })
final class VulnsShowCommand implements Runnable {

  @Parameters(paramLabel = "ID", description = "A CVE, GHSA, GO or CORRAL id, ignoring case.")
  private String id;

  @Option(names = "--json", description = "Print the advisory as JSON.")
  private boolean json;

  @Mixin private DataDirOption dataDir;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    AdvisoryDatabase database = VulnsCommand.open(dataDir);
    Advisory advisory = database.find(id).orElseThrow(() -> notFound(database));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      VulnsCommand.printJson(out, VulnsCommand.node(advisory, null));
    } else {
      AdvisoryDetails.print(advisory, out);
    }
  }

  private UserError notFound(AdvisoryDatabase database) {
    return database
        .findExcluded(id)
        .map(e -> new UserError(e.id() + " is left out on purpose: " + e.reason()))
        .orElseGet(() -> new UserError("no advisory '" + id + "'; 'corral vulns' lists them all"));
  }
}
