package dev.corral.core.vuln;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant's stable spelling in corral's JSON and on the command line. */
interface WireId {
  String id();

  /** The constant spelled {@code id}, ignoring case. */
  static <E extends Enum<E> & WireId> Optional<E> find(E[] values, String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values).filter(e -> e.id().equals(wanted)).findFirst();
  }

  /** The constant spelled {@code text}, or an error that lists the spellings there are. */
  static <E extends Enum<E> & WireId> E parse(E[] values, String text, String what) {
    return find(values, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown "
                        + what
                        + " '"
                        + text
                        + "' (known: "
                        + Arrays.stream(values).map(WireId::id).collect(Collectors.joining(", "))
                        + ")"));
  }
}
