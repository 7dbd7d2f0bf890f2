package dev.corral.scan.source.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for Shodan or Censys on 127.0.0.1: answers every request with what the test's handler
 * says and records the requests. Nothing here ever leaves the machine.
 */
final class FakeApi implements AutoCloseable {

  /** One request as the fake saw it. */
  record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {
    String param(String name) {
      return query.get(name);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** What to answer. */
  record Reply(int status, String body, Map<String, String> headers) {
    static Reply json(String body) {
      return new Reply(200, body, Map.of("Content-Type", "application/json"));
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }

    Reply header(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Reply(status, body, all);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private FakeApi(HttpServer server) {
    this.server = server;
  }

  static FakeApi start(Function<Request, Reply> handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeApi fake = new FakeApi(server);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Request request = read(exchange);
            fake.requests.add(request);
            Reply reply;
            try {
              reply = handler.apply(request);
            } catch (RuntimeException e) {
              reply = Reply.status(599, "{\"error\": \"fake failed: " + e + "\"}");
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    server.start();
    return fake;
  }

  private static Request read(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new Request(exchange.getRequestMethod(), uri.getPath(), query, headers, body);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  URI baseUrl(String path) {
    return URI.create(baseUrl() + path);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> requests(String path) {
    return requests().stream().filter(r -> r.path().endsWith(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Settings that never wait, recording what would have been waited. */
  static ApiSettings fast(List<Duration> waits) {
    return new ApiSettings(
        Duration.ZERO,
        Duration.ofSeconds(10),
        5,
        Duration.ofSeconds(2),
        Duration.ofSeconds(60),
        waits::add);
  }

  /** A hand-written fixture beside this class. */
  static String fixture(String name) {
    try {
      return Files.readString(
          Path.of(FakeApi.class.getResource(name).toURI()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
