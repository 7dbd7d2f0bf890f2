package dev.corral.core.vuln;

/** The part of Ollama an advisory is about. */
public enum Component implements WireId {
  /** The HTTP API on port 11434: what a scanner sees and the gateway protects. */
  SERVER("server"),
  /** The Windows desktop app around the server (its updater, for instance): client side. */
  WINDOWS_APP("windows-app");

  private final String id;

  Component(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
