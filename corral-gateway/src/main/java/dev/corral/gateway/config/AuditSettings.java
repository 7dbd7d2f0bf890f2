package dev.corral.gateway.config;

/**
 * The {@code audit:} section.
 *
 * @param jsonl a file to append JSON lines to, {@code -} for standard output, or null for none
 * @param store whether events are also written to the store
 * @param logPrompts always false: prompts and completions are never logged (the YAML key {@code
 *     log_prompts: true} is refused at start); kept so existing callers compile
 */
public record AuditSettings(String jsonl, boolean store, boolean logPrompts) {

  public AuditSettings {
    if (logPrompts) {
      throw new IllegalArgumentException(
          "audit.log_prompts was removed: corral never logs prompts or completions");
    }
  }

  public static AuditSettings defaults() {
    return new AuditSettings(null, true, false);
  }
}
