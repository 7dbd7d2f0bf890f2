package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How bad a finding is for its owner, ordered from worst to harmless: an exposed Ollama with a
 * critical advisory that certainly applies is {@link #CRITICAL}; a fenced or non-Ollama host is
 * {@link #NONE}.
 */
public enum Risk {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  NONE;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
