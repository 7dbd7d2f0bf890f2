package dev.corral.gateway.config;

/**
 * The {@code audit:} section.
 *
 * @param jsonl a file to append JSON lines to, {@code -} for standard output, or null for none
 * @param store whether events are also written to the store
 * @param logPrompts reserved: prompts are never logged by this version, whatever the setting
 */
public record AuditSettings(String jsonl, boolean store, boolean logPrompts) {

  public static AuditSettings defaults() {
    return new AuditSettings(null, true, false);
  }
}
