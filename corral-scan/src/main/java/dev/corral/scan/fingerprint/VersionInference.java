package dev.corral.scan.fingerprint;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.core.ollama.OllamaReleases;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.scan.http.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Narrows a hidden version down to a range of releases. Starts from every known release, keeps the
 * ones consistent with each observation, and picks as next probe the one that splits the survivors
 * most evenly, so a handful of requests pins the version band.
 */
public final class VersionInference {
  private List<OllamaVersion> candidates;
  private final List<String> used = new ArrayList<>();

  public VersionInference() {
    candidates = new ArrayList<>(OllamaReleases.all());
  }

  public List<OllamaVersion> candidates() {
    return List.copyOf(candidates);
  }

  public List<String> probesUsed() {
    return List.copyOf(used);
  }

  public void keep(Predicate<OllamaVersion> consistent) {
    candidates = new ArrayList<>(candidates.stream().filter(consistent).toList());
  }

  /** Applies what the identification and inventory answers already show, at no extra cost. */
  public void observe(Observations o) {
    o.get(Probes.TAGS).ifPresent(this::observeTags);
    o.get(Probes.PS).ifPresent(this::observePs);
    for (VersionProbe probe : VersionProbes.all()) {
      o.get(probe.request()).ifPresent(r -> apply(probe, r));
    }
  }

  /** Applies one probe's answer; returns false when the answer said nothing. */
  public boolean apply(VersionProbe probe, ProbeResult result) {
    used.add(probe.name());
    Optional<Predicate<OllamaVersion>> group = probe.read().apply(result);
    group.ifPresent(this::keep);
    return group.isPresent();
  }

  /** The unused probe whose groups split the survivors most evenly, if any splits them at all. */
  public Optional<VersionProbe> next(List<VersionProbe> probes, List<String> alreadyAsked) {
    VersionProbe best = null;
    double bestEntropy = 0;
    for (VersionProbe probe : probes) {
      if (used.contains(probe.name()) || alreadyAsked.contains(probe.request().label())) {
        continue;
      }
      double entropy = entropy(probe);
      if (entropy > bestEntropy + 1e-9) {
        best = probe;
        bestEntropy = entropy;
      }
    }
    return Optional.ofNullable(best);
  }

  private double entropy(VersionProbe probe) {
    double total = candidates.size();
    double h = 0;
    for (Predicate<OllamaVersion> group : probe.groups()) {
      long n = candidates.stream().filter(group).count();
      if (n > 0 && n < total) {
        double p = n / total;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /**
   * The survivors as a range: from the oldest to just before the release after the newest (open
   * when the newest known release survives, since later releases may behave the same). Empty when
   * nothing survives (the answers contradict every release: not a stock Ollama).
   */
  public Optional<VersionRange> range() {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    OllamaVersion low = candidates.getFirst();
    OllamaVersion high = candidates.getLast();
    boolean fromFirst = low.equals(OllamaReleases.all().getFirst());
    Optional<OllamaVersion> after = OllamaReleases.after(high);
    OllamaVersion lower = fromFirst ? null : low;
    return Optional.of(VersionRange.between(lower, after.orElse(null)));
  }

  private void observeTags(ProbeResult r) {
    Optional<GoObject> body = OllamaShapes.object(r);
    if (body.isEmpty() || !OllamaShapes.tags(r)) {
      return;
    }
    Object models = body.get().field("models").orElseThrow();
    if (models == GoJsonReader.NULL) {
      keep(OllamaFeature.TAGS_NULL_WHEN_EMPTY::presentIn);
      return;
    }
    List<?> list = (List<?>) models;
    if (list.isEmpty()) {
      keep(v -> !OllamaFeature.TAGS_NULL_WHEN_EMPTY.presentIn(v));
      return;
    }
    GoObject first = (GoObject) list.getFirst();
    boolean expires = first.has("expires_at");
    keep(v -> OllamaFeature.TAGS_EXPIRES_AT.presentIn(v) == expires);
    boolean capabilities = first.has("capabilities");
    keep(v -> OllamaFeature.TAGS_CAPABILITIES.presentIn(v) == capabilities);
    boolean modelKey = first.has("model");
    keep(v -> v.isAtLeast("0.1.21") == modelKey);
  }

  private void observePs(ProbeResult r) {
    if (r.status() != 200) {
      return;
    }
    Optional<GoObject> body = OllamaShapes.object(r);
    if (body.isEmpty()) {
      return;
    }
    List<Object> list = body.get().array("models");
    if (list.isEmpty() || !(list.getFirst() instanceof GoObject first)) {
      return;
    }
    boolean shared = first.has("modified_at");
    keep(v -> !OllamaFeature.LIST_MODEL_RESPONSE.presentIn(v) == shared);
    boolean context = first.has("context_length");
    keep(v -> OllamaFeature.PS_CONTEXT_LENGTH.presentIn(v) == context);
  }
}
