package dev.corral.scan.engine;

/**
 * What the check of one host may do.
 *
 * @param maxRequests politeness: the most requests sent to one host (version inference stops at
 *     this budget)
 * @param deep also ask {@code /api/show} for each model's capabilities (one request per model, up
 *     to {@link #DEEP_MODELS})
 * @param active send the one benign inference request Talos used ("What is 2+2?"); off by default
 *     because it makes the server load a model and compute
 */
public record CheckOptions(int maxRequests, boolean deep, boolean active) {
  public static final int DEEP_MODELS = 5;

  public static CheckOptions defaults() {
    return new CheckOptions(16, false, false);
  }

  public CheckOptions {
    if (maxRequests < 4) {
      throw new IllegalArgumentException(
          "--max-requests must be at least 4 (the identification round)");
    }
  }
}
