package dev.corral.scan.engine;

import dev.corral.scan.http.ClientSettings;

/**
 * How a scan runs.
 *
 * @param concurrency hosts checked at the same time
 * @param rate new hosts started per second
 * @param client HTTP timeouts, user agent, body cap
 * @param check what each host check may do
 */
public record ScanSettings(int concurrency, int rate, ClientSettings client, CheckOptions check) {
  public ScanSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, not " + concurrency);
    }
    if (rate < 1) {
      throw new IllegalArgumentException("--rate must be at least 1, not " + rate);
    }
  }

  public static ScanSettings defaults() {
    return new ScanSettings(512, 2000, ClientSettings.defaults(), CheckOptions.defaults());
  }
}
