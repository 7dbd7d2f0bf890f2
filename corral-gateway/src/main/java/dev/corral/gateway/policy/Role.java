package dev.corral.gateway.policy;

import java.util.Locale;
import java.util.Optional;

/** What a key may do: {@code user} runs inference and reads; {@code admin} also manages models. */
public enum Role {
  USER,
  ADMIN;

  /** The lower-case name used on the command line, in the store and in the audit log. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> byId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
