package dev.corral.audit.local;

import dev.corral.core.version.OllamaVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How to audit the local machine.
 *
 * @param root the file system root to read ({@code /} on a live machine)
 * @param modelsDir the models directory when given explicitly; else OLLAMA_MODELS or the default
 * @param version the installed version when given explicitly; else {@code ollama --version}
 * @param askBinary run {@code ollama --version} from the PATH when no version is given (only makes
 *     sense when {@code root} is the live {@code /})
 * @param staleDays a model not used for this many days is reported as stale
 * @param clock now, for staleness
 * @param firewallFiles saved rules given explicitly ({@code iptables-save}, {@code nft list
 *     ruleset} output), read besides the usual files under the root
 */
public record LocalOptions(
    Path root,
    Optional<Path> modelsDir,
    Optional<OllamaVersion> version,
    boolean askBinary,
    int staleDays,
    Clock clock,
    java.util.List<Path> firewallFiles) {
  public static final int DEFAULT_STALE_DAYS = 90;

  public LocalOptions {
    firewallFiles = java.util.List.copyOf(firewallFiles);
  }
}
