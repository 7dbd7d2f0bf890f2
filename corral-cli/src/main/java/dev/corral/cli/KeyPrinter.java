package dev.corral.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.core.json.Json;
import dev.corral.core.text.Durations;
import dev.corral.gateway.auth.IssuedKey;
import dev.corral.store.ApiKeyRow;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How {@code corral keys} prints keys: a new key once, and listings that never show one. */
final class KeyPrinter {
  private KeyPrinter() {}

  /** A new key: the key on its own line, and the warning that it is shown only once. */
  static void issued(PrintWriter out, IssuedKey issued, String verb, boolean json) {
    ApiKeyRow row = issued.row();
    if (json) {
      ObjectNode node = Json.mapper().createObjectNode();
      node.put("id", row.id());
      node.put("name", row.name());
      node.put("key", issued.key());
      if (row.rotatedFrom() != null) {
        node.put("rotated_from", row.rotatedFrom());
      }
      out.println(write(node));
      return;
    }
    out.println(verb + " key " + row.id() + " '" + row.name() + "': " + settings(row) + ".");
    out.println();
    out.println(issued.key());
    out.println();
    out.println(
        "This key is shown only once: store it now. corral keeps only a hash of it and cannot show"
            + " it again.");
  }

  /** Every key, without keys or hashes. */
  static void list(PrintWriter out, List<ApiKeyRow> rows, Instant now, boolean json) {
    if (json) {
      ArrayNode array = Json.mapper().createArrayNode();
      for (ApiKeyRow row : rows) {
        ObjectNode node = array.addObject();
        node.put("id", row.id());
        node.put("name", row.name());
        node.put("role", row.role());
        ArrayNode models = node.putArray("models");
        row.models().forEach(models::add);
        node.put("rpm", row.rpm());
        node.put("tokens_per_day", row.tokensPerDay());
        node.put("status", status(row, now));
        node.put("created_at", row.createdAt().toString());
        node.put("expires_at", row.expiresAt() == null ? null : row.expiresAt().toString());
        node.put("revoked_at", row.revokedAt() == null ? null : row.revokedAt().toString());
        node.put("rotated_from", row.rotatedFrom());
      }
      out.println(write(array));
      return;
    }
    if (rows.isEmpty()) {
      out.println("No keys yet: corral keys create --name NAME makes one.");
      return;
    }
    TextTable table =
        new TextTable(
            "ID", "NAME", "ROLE", "MODELS", "RPM", "TOKENS/DAY", "STATUS", "CREATED", "EXPIRES");
    for (ApiKeyRow row : rows) {
      table.add(
          row.id(),
          row.name(),
          row.role(),
          String.join(",", row.models()),
          row.rpm() == 0 ? "-" : Integer.toString(row.rpm()),
          row.tokensPerDay() == 0 ? "-" : Long.toString(row.tokensPerDay()),
          status(row, now),
          day(row.createdAt()),
          row.expiresAt() == null ? "never" : day(row.expiresAt()));
    }
    table.print(out);
  }

  static String status(ApiKeyRow row, Instant now) {
    if (row.revoked()) {
      return "revoked";
    }
    return row.expiredAt(now) ? "expired" : "active";
  }

  private static String settings(ApiKeyRow row) {
    String expires =
        row.expiresAt() == null
            ? "never expires"
            : "expires "
                + row.expiresAt().truncatedTo(ChronoUnit.SECONDS)
                + " (in "
                + Durations.format(
                    Duration.between(row.createdAt(), row.expiresAt())
                        .truncatedTo(ChronoUnit.SECONDS))
                + ")";
    return "role "
        + row.role()
        + ", models "
        + String.join(",", row.models())
        + ", "
        + (row.rpm() == 0 ? "no rate limit" : row.rpm() + " requests/minute")
        + ", "
        + (row.tokensPerDay() == 0 ? "no token quota" : row.tokensPerDay() + " tokens/day")
        + ", "
        + expires;
  }

  private static String day(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MINUTES).toString().replace('T', ' ');
  }

  private static String write(Object node) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
