package dev.corral.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A fake Shodan or Censys on 127.0.0.1 for the option tests; nothing leaves the machine. */
final class LocalApi implements AutoCloseable {
  /** The path and decoded query parameters of one request. */
  record Call(String path, Map<String, String> query) {}

  /** A status and a JSON body. */
  record Answer(int status, String body) {
    static Answer ok(String body) {
      return new Answer(200, body);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  LocalApi(Function<Call, Answer> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
              for (String pair : raw.split("&", -1)) {
                int eq = pair.indexOf('=');
                query.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
              }
            }
            exchange.getRequestBody().readAllBytes();
            Call call = new Call(exchange.getRequestURI().getPath(), query);
            calls.add(call);
            Answer answer = handler.apply(call);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
