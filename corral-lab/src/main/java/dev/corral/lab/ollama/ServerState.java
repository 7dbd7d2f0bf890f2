package dev.corral.lab.ollama;

import dev.corral.lab.persona.ModelSpec;
import dev.corral.lab.persona.Persona;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The mutable side of one emulated server: installed models, loaded models and uploaded blobs.
 * Lives in memory only (the lab never touches the real file system) and is shared by every
 * connection to the server, so every method is synchronized.
 */
final class ServerState {
  /** Ollama's default keep-alive: a model stays loaded five minutes after its last use. */
  static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);

  /** A loaded model and when it will be unloaded. */
  record Loaded(ModelSpec model, Instant expiresAt, long sizeVram) {}

  private final Map<String, ModelSpec> models = new LinkedHashMap<>();
  private final Map<String, Loaded> loaded = new LinkedHashMap<>();
  private final Map<String, Long> blobs = new LinkedHashMap<>();
  private final Clock clock;

  ServerState(Persona persona, Clock clock) {
    this.clock = clock;
    for (ModelSpec model : persona.models()) {
      models.put(key(model.name()), model);
    }
    for (String name : persona.running()) {
      find(name).ifPresent(m -> load(m, DEFAULT_KEEP_ALIVE));
    }
  }

  /**
   * Ollama's name normalisation, enough for the lab: {@code llama3} and {@code
   * registry.ollama.ai/library/llama3:latest} both mean {@code llama3:latest}; case does not
   * matter.
   */
  static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("registry.ollama.ai/library/", "registry.ollama.ai/")) {
      if (n.startsWith(prefix)) {
        n = n.substring(prefix.length());
        break;
      }
    }
    if (n.startsWith("library/")) {
      n = n.substring("library/".length());
    }
    int slash = n.lastIndexOf('/');
    if (n.indexOf(':', slash + 1) < 0) {
      n = n + ":latest";
    }
    return n;
  }

  synchronized Optional<ModelSpec> find(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(models.get(key(name)));
  }

  /** Installed models, most recently modified first. */
  synchronized List<ModelSpec> models() {
    List<ModelSpec> list = new ArrayList<>(models.values());
    list.sort(Comparator.comparing(ModelSpec::modifiedAt).reversed());
    return list;
  }

  /** Installed models in insertion order (what the old directory walk returned). */
  synchronized List<ModelSpec> modelsUnsorted() {
    return List.copyOf(models.values());
  }

  synchronized void install(ModelSpec model) {
    models.put(key(model.name()), model);
  }

  synchronized boolean remove(String name) {
    loaded.remove(key(name));
    return models.remove(key(name)) != null;
  }

  /** Loaded models, longest remaining time first (PsHandler's order). */
  synchronized List<Loaded> loaded() {
    Instant now = clock.instant();
    loaded.values().removeIf(l -> !l.expiresAt().isAfter(now));
    List<Loaded> list = new ArrayList<>(loaded.values());
    list.sort(Comparator.comparing(Loaded::expiresAt).reversed());
    return list;
  }

  /** Loads (or refreshes) a model; returns true when it was not loaded before. */
  synchronized boolean load(ModelSpec model, Duration keepAlive) {
    Instant now = clock.instant();
    Loaded previous = loaded.get(key(model.name()));
    boolean fresh = previous == null || !previous.expiresAt().isAfter(now);
    Instant expires =
        keepAlive.isNegative()
            ? Instant.parse("2318-08-21T23:47:16.854775807Z")
            : now.plus(keepAlive);
    loaded.put(key(model.name()), new Loaded(model, expires, vramFor(model)));
    return fresh;
  }

  synchronized void unload(ModelSpec model) {
    loaded.remove(key(model.name()));
  }

  /** Emulated GPU memory: the weights plus a context buffer, as a round figure. */
  private static long vramFor(ModelSpec model) {
    return model.size() + 256L * 1024 * 1024;
  }

  synchronized boolean hasBlob(String digest) {
    return blobs.containsKey(digest);
  }

  synchronized void putBlob(String digest, long size) {
    blobs.put(digest, size);
  }

  Instant now() {
    return clock.instant();
  }
}
