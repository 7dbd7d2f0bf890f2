package dev.corral.store;

/** Which records of a scan to read back. */
public enum RecordFilter {
  /** Every record, closed ports and look-alikes included. */
  ALL,
  /** Only hosts where the Ollama API answered or that are exposed: the ones worth following. */
  OLLAMA_OR_EXPOSED
}
