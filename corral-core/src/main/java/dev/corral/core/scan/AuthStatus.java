package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether the API asked for credentials. */
public enum AuthStatus {
  /** The Ollama API answered without any credential. */
  NONE,
  /** Something in front refused without a credential (401/403 from a proxy or gateway). */
  REQUIRED,
  /** Not established (not HTTP, not Ollama, or no answer). */
  UNKNOWN;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
