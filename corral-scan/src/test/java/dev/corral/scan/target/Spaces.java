package dev.corral.scan.target;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: small spaces built from arguments, listed in canonical order. */
final class Spaces {
  private Spaces() {}

  static TargetSpace of(String... arguments) {
    return TargetSpace.builder().arguments(List.of(arguments)).build();
  }

  static TargetSpace of(PortList ports, String... arguments) {
    return TargetSpace.builder().ports(ports).arguments(List.of(arguments)).build();
  }

  static List<Target> list(TargetSpace space) {
    List<Target> out = new ArrayList<>();
    for (long i = 0; i < space.size(); i++) {
      out.add(space.at(i));
    }
    return out;
  }

  static List<String> urls(TargetSpace space) {
    return list(space).stream().map(Target::baseUrl).toList();
  }
}
