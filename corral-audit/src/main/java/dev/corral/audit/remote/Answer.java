package dev.corral.audit.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.scan.http.ProbeResponse;
import java.util.Optional;

/**
 * What came back for one probe, and what it means: a front refused it, Ollama's own handler
 * answered (so the route is open), or neither can be told.
 *
 * @param probe what was sent
 * @param response the response, or null when the connection failed
 * @param failure why the connection failed ({@code refused}, {@code timeout}...), or null
 */
record Answer(Probe probe, ProbeResponse response, String failure) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  boolean answered() {
    return response != null;
  }

  int status() {
    return response == null ? 0 : response.status();
  }

  /** A front said no: a credential is missing or wrong, or the route is forbidden. */
  boolean refused() {
    int s = status();
    return s == 401 || s == 403 || s == 407;
  }

  /**
   * Ollama's handler for this route answered: a success, or Ollama's own early error (a JSON {@code
   * error}, or the 405 of a route that exists). Gin's plain-text 404 means the route does not exist
   * on this version.
   */
  boolean reachedOllama() {
    if (!answered() || refused()) {
      return false;
    }
    int s = status();
    if (s >= 200 && s < 300) {
      // Ollama's API answers JSON; a 200 HTML page is some other application on that path.
      return json().isPresent();
    }
    if (s >= 500) {
      return false;
    }
    if (s == 405) {
      return true;
    }
    return json().map(j -> j.has("error")).orElse(false);
  }

  Optional<JsonNode> json() {
    if (response == null || response.body().length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode n = MAPPER.readTree(response.body());
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (java.io.IOException e) {
      // An NDJSON stream (create on 0.5.5-0.12.5 answers 200 with one error line): the first line.
      String text = response.text();
      int nl = text.indexOf('\n');
      if (nl > 0) {
        try {
          JsonNode n = MAPPER.readTree(text.substring(0, nl));
          return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (java.io.IOException inner) {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }
  }

  /** One line for evidence: the request and the status (or the failure). */
  String describe() {
    if (!answered()) {
      return probe.label() + " -> " + failure;
    }
    String body = response.start(80).replace("\n", " ").strip();
    return probe.label() + " -> " + status() + (body.isEmpty() ? "" : " " + body);
  }
}
