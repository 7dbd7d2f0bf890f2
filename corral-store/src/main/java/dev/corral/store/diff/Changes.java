package dev.corral.store.diff;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The differences between two records of one host that matter to someone following exposed servers,
 * as lines named after the record's JSON fields. Evidence, timestamps and confidence change on
 * every scan and are left out.
 */
final class Changes {
  private Changes() {}

  static List<String> between(HostRecord before, HostRecord after) {
    List<String> changes = new ArrayList<>();
    field(changes, "state", before, after, r -> r.state() == null ? null : r.state().id());
    field(changes, "product", before, after, HostRecord::product);
    field(changes, "ollama", before, after, HostRecord::ollama);
    field(changes, "exposed", before, after, HostRecord::exposed);
    field(changes, "auth", before, after, r -> r.auth() == null ? null : r.auth().id());
    field(changes, "version", before, after, HostRecord::version);
    field(changes, "version_range", before, after, HostRecord::versionRange);
    SortedSet<String> was = modelNames(before);
    SortedSet<String> is = modelNames(after);
    for (String name : is) {
      if (!was.contains(name)) {
        changes.add("model added: " + name);
      }
    }
    for (String name : was) {
      if (!is.contains(name)) {
        changes.add("model removed: " + name);
      }
    }
    field(changes, "risk", before, after, r -> r.risk() == null ? null : r.risk().id());
    return changes;
  }

  private static void field(
      List<String> changes,
      String name,
      HostRecord before,
      HostRecord after,
      Function<HostRecord, Object> value) {
    Object was = value.apply(before);
    Object is = value.apply(after);
    if (!Objects.equals(was, is)) {
      changes.add(name + ": " + was + " -> " + is);
    }
  }

  private static SortedSet<String> modelNames(HostRecord record) {
    SortedSet<String> names = new TreeSet<>();
    for (ModelEntry model : record.models()) {
      if (model.name() != null) {
        names.add(model.name());
      }
    }
    return names;
  }
}
