package dev.corral.core.ollama;

import dev.corral.core.version.OllamaVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every Ollama release, oldest first. Version inference works on this finite list: a behaviour
 * observed on a host keeps the releases that show it, and the survivors give the range.
 */
public final class OllamaReleases {
  private static final List<OllamaVersion> ALL = load();

  private OllamaReleases() {}

  public static List<OllamaVersion> all() {
    return ALL;
  }

  public static OllamaVersion newest() {
    return ALL.getLast();
  }

  /** The first release after {@code version}, if one is known. */
  public static Optional<OllamaVersion> after(OllamaVersion version) {
    int i = Collections.binarySearch(ALL, version);
    int next = i >= 0 ? i + 1 : -i - 1;
    return next < ALL.size() ? Optional.of(ALL.get(next)) : Optional.empty();
  }

  private static List<OllamaVersion> load() {
    InputStream in = OllamaReleases.class.getResourceAsStream("releases.txt");
    if (in == null) {
      throw new IllegalStateException("releases.txt is missing from corral-core");
    }
    List<OllamaVersion> versions = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String text = line.strip();
        if (!text.isEmpty() && !text.startsWith("#")) {
          versions.add(OllamaVersion.parse(text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(versions);
    return List.copyOf(versions);
  }
}
