package dev.corral.scan.source.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The HTTP side of one API client: pacing, retries with back-off, JSON decoding, and errors turned
 * into one-line {@link ApiException}s with every secret blanked out.
 *
 * <p>429 waits for {@code Retry-After} when the server sends one (and fails at once if it asks for
 * more than {@link ApiSettings#maxWait()}), else backs off exponentially; 5xx, timeouts and broken
 * connections are retried the same way; every other status goes to the client's {@link
 * StatusErrors}. Not thread-safe: one search at a time.
 */
final class ApiHttp implements AutoCloseable {
  static final String USER_AGENT = "corral/0.1 (search API client)";

  /** Turns a refusal (4xx other than 429) into the client's own message. */
  @FunctionalInterface
  interface StatusErrors {
    /**
     * The exception to throw for this answer.
     *
     * @param status the HTTP status
     * @param serverMessage what the server said, one line, possibly empty
     */
    ApiException of(int status, String serverMessage);
  }

  private final String service;
  private final URI base;
  private final ApiSettings settings;
  private final List<String> secrets;
  private final HttpClient http;
  private long lastRequestNanos;
  private boolean sentAny;
  private long requests;

  /**
   * @param service the name messages start with, e.g. {@code Shodan}
   * @param base the API's base URL; paths are appended to it
   * @param secrets values to blank out of any message
   */
  ApiHttp(String service, URI base, ApiSettings settings, List<String> secrets) {
    this.service = service;
    this.base = base;
    this.settings = settings;
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // plain paging: nothing to gain from HTTP/2
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  String service() {
    return service;
  }

  /** Requests sent so far, retries included. */
  long requests() {
    return requests;
  }

  /** The base URL with a path and query parameters; null values are left out. */
  URI uri(String path, Map<String, String> query) {
    StringBuilder out = new StringBuilder(base.toString());
    while (out.length() > 0 && out.charAt(out.length() - 1) == '/') {
      out.setLength(out.length() - 1);
    }
    out.append(path);
    char separator = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      out.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return URI.create(out.toString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(settings.timeout())
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
  }

  /**
   * Sends the request (again if it makes sense) and returns the decoded JSON of a 2xx answer.
   *
   * @param what what is being fetched, for messages: {@code page 3 of the search}
   */
  JsonNode send(HttpRequest request, String what, StatusErrors errors) {
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= settings.maxAttempts();
      pace();
      HttpResponse<String> response;
      try {
        requests++;
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (HttpTimeoutException e) {
        if (last) {
          throw fail(
              ApiException.Kind.UNAVAILABLE,
              0,
              service
                  + " did not answer "
                  + what
                  + " within "
                  + settings.timeout().toSeconds()
                  + " s ("
                  + Text.count(attempt, "attempt", "attempts")
                  + "); try again later",
              e);
        }
        backOff(attempt, OptionalLong.empty());
        continue;
      } catch (IOException e) {
        if (last) {
          throw fail(
              ApiException.Kind.NETWORK,
              0,
              "cannot reach "
                  + service
                  + " at "
                  + base
                  + ": "
                  + reason(e)
                  + " ("
                  + Text.count(attempt, "attempt", "attempts")
                  + ")",
              e);
        }
        backOff(attempt, OptionalLong.empty());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(
            ApiException.Kind.INTERRUPTED, service + ": interrupted while fetching " + what);
      }
      int status = response.statusCode();
      if (status == 429) {
        OptionalLong retryAfter = retryAfter(response);
        if (retryAfter.isPresent() && retryAfter.getAsLong() > settings.maxWait().toSeconds()) {
          throw fail(
              ApiException.Kind.RATE_LIMITED,
              status,
              service
                  + " is rate-limiting this key (HTTP 429) and asks to wait "
                  + retryAfter.getAsLong()
                  + " s; try again later",
              null);
        }
        if (last) {
          throw fail(
              ApiException.Kind.RATE_LIMITED,
              status,
              service
                  + " kept answering HTTP 429 (rate limit) to "
                  + what
                  + " after "
                  + Text.count(attempt, "attempt", "attempts")
                  + "; wait a minute and try again",
              null);
        }
        backOff(attempt, retryAfter);
        continue;
      }
      if (status >= 500) {
        if (last) {
          throw fail(
              ApiException.Kind.UNAVAILABLE,
              status,
              service
                  + " answered HTTP "
                  + status
                  + " to "
                  + what
                  + " "
                  + Text.count(attempt, "time", "times")
                  + serverSaid(response.body())
                  + "; try again later",
              null);
        }
        backOff(attempt, OptionalLong.empty());
        continue;
      }
      if (status < 200 || status >= 300) {
        throw redact(errors.of(status, message(response.body())));
      }
      JsonNode json = parse(response.body(), what);
      String error = errorField(json);
      if (!error.isEmpty()) {
        // Some services answer 200 with {"error": "..."}; a timed-out search is worth a retry.
        if (error.toLowerCase(Locale.ROOT).contains("timed out") && !last) {
          backOff(attempt, OptionalLong.empty());
          continue;
        }
        throw redact(errors.of(status, error));
      }
      return json;
    }
  }

  private JsonNode parse(String body, String what) {
    try {
      JsonNode json = Json.mapper().readTree(body);
      if (json == null || json.isMissingNode()) {
        throw new ApiException(
            ApiException.Kind.BAD_RESPONSE, service + " sent an empty answer to " + what);
      }
      return json;
    } catch (JsonProcessingException e) {
      throw fail(
          ApiException.Kind.BAD_RESPONSE,
          0,
          service
              + " sent an answer to "
              + what
              + " that is not valid JSON ("
              + Text.oneLine(e.getOriginalMessage())
              + ")",
          e);
    }
  }

  /** Waits so that requests are at least {@link ApiSettings#minInterval()} apart. */
  private void pace() {
    long now = System.nanoTime();
    if (sentAny) {
      long wait = settings.minInterval().toNanos() - (now - lastRequestNanos);
      if (wait > 0) {
        sleep(Duration.ofNanos(wait));
      }
    }
    sentAny = true;
    lastRequestNanos = System.nanoTime();
  }

  private void backOff(int attempt, OptionalLong retryAfterSeconds) {
    Duration wait;
    if (retryAfterSeconds.isPresent()) {
      wait = Duration.ofSeconds(retryAfterSeconds.getAsLong());
    } else {
      wait = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    }
    if (wait.compareTo(settings.maxWait()) > 0) {
      wait = settings.maxWait();
    }
    sleep(wait);
  }

  private void sleep(Duration wait) {
    try {
      settings.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.INTERRUPTED, service + ": interrupted");
    }
  }

  /** Seconds from a {@code Retry-After: 30} header; HTTP dates are ignored (back off instead). */
  private static OptionalLong retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(String::strip)
        .filter(v -> v.matches("[0-9]{1,9}"))
        .map(v -> OptionalLong.of(Long.parseLong(v)))
        .orElse(OptionalLong.empty());
  }

  /** The error text of a JSON answer, or empty: {@code error}, {@code error.message}, ... */
  static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode json = Json.mapper().readTree(body);
      return json != null && json.isObject() ? message(json) : "";
    } catch (JsonProcessingException e) {
      return ""; // an HTML error page says nothing useful
    }
  }

  private static String message(JsonNode json) {
    for (String field : List.of("error", "message", "detail")) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (value.isTextual() && !value.asText().isBlank()) {
        return Text.oneLine(value.asText());
      }
      if (value.isObject()) {
        String nested = message(value);
        if (!nested.isEmpty()) {
          return nested;
        }
      }
    }
    return "";
  }

  /** The {@code error} of a 2xx answer (text, or an object with a message); empty if none. */
  private static String errorField(JsonNode json) {
    JsonNode error = json.isObject() ? json.get("error") : null;
    if (error == null || error.isNull()) {
      return "";
    }
    if (error.isTextual()) {
      return Text.oneLine(error.asText());
    }
    return error.isObject() ? message(error) : "";
  }

  private static String serverSaid(String body) {
    String said = message(body);
    return said.isEmpty() ? "" : " (" + said + ")";
  }

  private static String reason(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : Text.oneLine(message);
  }

  private ApiException fail(ApiException.Kind kind, int status, String message, Throwable cause) {
    return new ApiException(kind, status, blank(message), cause);
  }

  /** The same exception with every secret blanked out of its message. */
  ApiException redact(ApiException e) {
    String clean = blank(e.getMessage());
    if (clean.equals(e.getMessage())) {
      return e;
    }
    return new ApiException(e.kind(), e.status(), clean, null);
  }

  String blank(String message) {
    String out = message;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return out;
  }

  @Override
  public void close() {
    http.close();
  }
}
