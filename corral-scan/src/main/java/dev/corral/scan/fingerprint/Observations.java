package dev.corral.scan.fingerprint;

import dev.corral.scan.http.ProbeRequest;
import dev.corral.scan.http.ProbeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything learnt about one host so far, by request, in the order asked. */
public final class Observations {
  private final Map<String, ProbeResult> byLabel = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public void add(ProbeResult result) {
    byLabel.put(result.request().label(), result);
  }

  public void addAll(List<ProbeResult> results) {
    results.forEach(this::add);
  }

  public Optional<ProbeResult> get(ProbeRequest request) {
    return Optional.ofNullable(byLabel.get(request.label()));
  }

  public Optional<ProbeResult> get(String label) {
    return Optional.ofNullable(byLabel.get(label));
  }

  public List<ProbeResult> all() {
    return List.copyOf(byLabel.values());
  }

  public int requests() {
    return byLabel.size();
  }

  /** Something worth telling the host's owner that no single response shows. */
  public void note(String text) {
    notes.add(text);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }
}
