package dev.corral.audit.local;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What saved firewall rules (iptables-save, nftables, ufw) do to inbound TCP 11434. A reading, not
 * an emulation of netfilter: the first rule naming the port decides, else the input chain's policy.
 */
public final class FirewallRules {

  /** What happens to a connection to the port from another machine. */
  public enum Verdict {
    /** Dropped or rejected: a rule for the port, or a default-deny input policy. */
    BLOCKED,
    /** Accepted only from named sources. */
    RESTRICTED,
    /** Accepted from anywhere, or nothing stops it. */
    OPEN
  }

  /**
   * The verdict and the line that decided it.
   *
   * @param verdict what happens
   * @param evidence file and line, or why nothing decided
   */
  public record Reading(Verdict verdict, String evidence) {}

  private FirewallRules() {}

  /** Reads every file (name, text) for inbound TCP {@code port}. */
  public static Reading read(List<Map.Entry<String, String>> files, int port) {
    Reading blocked = null;
    Reading restricted = null;
    for (Map.Entry<String, String> file : files) {
      Reading r = readOne(file.getKey(), file.getValue(), port);
      if (r.verdict() == Verdict.OPEN && !r.evidence().startsWith("no rule")) {
        return r; // an explicit accept from anywhere wins: the port is open
      }
      if (r.verdict() == Verdict.BLOCKED && blocked == null) {
        blocked = r;
      }
      if (r.verdict() == Verdict.RESTRICTED && restricted == null) {
        restricted = r;
      }
    }
    if (restricted != null) {
      return restricted;
    }
    if (blocked != null) {
      return blocked;
    }
    return new Reading(
        Verdict.OPEN,
        "no rule for port "
            + port
            + " and no default-deny input policy in "
            + String.join(", ", files.stream().map(Map.Entry::getKey).toList()));
  }

  static Reading readOne(String name, String text, int port) {
    String[] lines = text.split("\n");
    String policyDrop = null;
    String p = Integer.toString(port);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String lower = line.toLowerCase(Locale.ROOT);
      String where = name + ":" + (i + 1) + ": " + line;
      if (lower.startsWith("#")) {
        continue;
      }
      if (lower.matches(":input (drop|reject)\\b.*")
          || (lower.contains("hook input") && lower.matches(".*policy (drop|reject).*"))) {
        policyDrop = where;
        continue;
      }
      boolean iptables = lower.startsWith("-a ") || lower.startsWith("-i ");
      if (iptables && !(lower.contains("input") || lower.contains("ufw-user-input"))) {
        continue;
      }
      if (!namesPort(lower, p)) {
        continue;
      }
      boolean restrictedSource =
          lower.contains(" -s ") || lower.contains("saddr") || lower.contains("--src-range");
      if (lower.matches(".*(-j (drop|reject)|\\b(drop|reject)\\b).*")) {
        return new Reading(Verdict.BLOCKED, where);
      }
      if (lower.matches(".*(-j accept|\\baccept\\b).*")) {
        return new Reading(restrictedSource ? Verdict.RESTRICTED : Verdict.OPEN, where);
      }
    }
    if (policyDrop != null) {
      return new Reading(Verdict.BLOCKED, policyDrop + " (default deny, no rule opens " + p + ")");
    }
    return new Reading(Verdict.OPEN, "no rule for port " + p + " in " + name);
  }

  private static boolean namesPort(String lower, String port) {
    if (!(lower.contains("dport") || lower.contains("dports"))) {
      return false;
    }
    return lower.matches(".*(?<![0-9])" + port + "(?![0-9]).*");
  }
}
