package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One emulated Ollama server: takes a parsed request and produces what that Ollama version would
 * answer. The layers run in the real server's order:
 *
 * <ol>
 *   <li>Go's server: {@code OPTIONS *};
 *   <li>Go's ServeMux (v0.1.46+): {@code *} targets and unclean paths;
 *   <li>v0.5.13's {@code registry.Local} for {@code /api/delete};
 *   <li>Gin: route lookup, trailing-slash redirect, 405/404, then the global middlewares (CORS,
 *       Host check) and the handler.
 * </ol>
 *
 * <p>Thread-safe: one instance serves every connection of its persona.
 */
public final class OllamaEmulator implements Emulator {
  private final Persona persona;
  private final ServerState state;
  private final Router router;
  private final Cors cors;
  private final HostCheck hostCheck;
  private final ProxyFront proxy;

  public OllamaEmulator(Persona persona, Clock clock) {
    this.persona = persona;
    this.state = new ServerState(persona, clock);
    this.router = RouteTable.forVersion(persona.version());
    this.cors = new Cors(persona.version(), persona.ollamaOrigins());
    this.hostCheck = new HostCheck(persona);
    this.proxy =
        persona.authProxy() == null && persona.blockedPaths().isEmpty()
            ? null
            : new ProxyFront(persona.authProxy(), persona.blockedPaths());
  }

  @Override
  public Persona persona() {
    return persona;
  }

  @Override
  public LabResponse handle(LabRequest request) {
    if (proxy != null) {
      Optional<LabResponse> refused = proxy.refuse(request);
      if (refused.isPresent()) {
        return refused.get();
      }
      LabResponse response = ollama(request);
      response.viaProxy(proxy.server());
      return response;
    }
    return ollama(request);
  }

  private LabResponse ollama(LabRequest request) {
    LabResponse response = new LabResponse();
    boolean serveMux = OllamaFeature.SERVE_MUX.presentIn(persona.version());
    if (request.target().equals("*")) {
      if (request.method().equals("OPTIONS")) {
        // net/http's globalOptionsHandler, before any handler of Ollama's.
        response.headers().set("Content-Length", "0");
        return response.finishEmpty(200);
      }
      if (serveMux) {
        if (request.atLeastHttp11()) {
          response.headers().set("Connection", "close");
        }
        return response.finishEmpty(400);
      }
    }
    if (serveMux && !request.method().equals("CONNECT") && !request.target().equals("*")) {
      String escaped = escapedPath(request.target());
      String cleaned = GoPaths.cleanPath(escaped);
      if (!cleaned.equals(escaped)) {
        String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        return redirect(request, response, cleaned + query, 301);
      }
    }
    if (OllamaFeature.REGISTRY_LOCAL_DELETE.presentIn(persona.version())
        && request.path().equals("/api/delete")) {
      return registryLocalDelete(request, response);
    }
    return gin(request, response);
  }

  private LabResponse gin(LabRequest request, LabResponse response) {
    String method = request.method();
    String path = request.path();
    Optional<Router.Match> match = router.find(method, path);
    if (match.isPresent()) {
      GinContext c = new GinContext(request, response, persona, state, match.get().params());
      runMiddlewares(c);
      if (!c.aborted()) {
        match.get().route().handler().handle(c);
      }
      return response;
    }
    if (!method.equals("CONNECT")
        && !path.equals("/")
        && router.trailingSlashRedirect(method, path)) {
      String target = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
      String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
      return redirect(request, response, target + query, method.equals("GET") ? 301 : 307);
    }
    GinContext c = new GinContext(request, response, persona, state, Map.of());
    if (OllamaFeature.METHOD_NOT_ALLOWED.presentIn(persona.version())) {
      List<String> allowed = router.allowedMethods(method, path);
      if (!allowed.isEmpty()) {
        response.headers().set("Allow", String.join(", ", allowed));
        return serveError(c, 405, "405 method not allowed");
      }
    }
    return serveError(c, 404, "404 page not found");
  }

  private void runMiddlewares(GinContext c) {
    cors.apply(c);
    if (!c.aborted()) {
      hostCheck.apply(c);
    }
  }

  /** gin's serveError: middlewares run first; if none answered, the plain-text body. */
  private LabResponse serveError(GinContext c, int status, String body) {
    c.response.status(status);
    runMiddlewares(c);
    if (c.response.written()) {
      return c.response;
    }
    c.response.headers().set("Content-Type", "text/plain");
    return c.response.body(body);
  }

  /** {@code http.Redirect}: Location, and for GET an HTML body; HEAD gets the type only. */
  private static LabResponse redirect(
      LabRequest request, LabResponse response, String url, int status) {
    response.headers().set("Location", url);
    String method = request.method();
    if (method.equals("GET") || method.equals("HEAD")) {
      response.headers().set("Content-Type", "text/html; charset=utf-8");
    }
    response.status(status);
    if (method.equals("GET")) {
      String text = status == 301 ? "Moved Permanently" : "Temporary Redirect";
      response.body("<a href=\"" + htmlEscape(url) + "\">" + text + "</a>.\n\n");
    } else {
      response.body(new byte[0]);
    }
    return response;
  }

  private static String htmlEscape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("'", "&#39;");
  }

  /** The path part of the request-target, still percent-encoded ({@code URL.EscapedPath}). */
  static String escapedPath(String target) {
    String t = target;
    int scheme = t.indexOf("://");
    if (scheme > 0 && !t.startsWith("/")) {
      int slash = t.indexOf('/', scheme + 3);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int q = t.indexOf('?');
    return q < 0 ? t : t.substring(0, q);
  }

  /**
   * v0.5.13 only: {@code registry.Local} answers {@code /api/delete} itself, before Gin, so no CORS
   * or Host check applies, and errors carry a {@code code}.
   */
  private LabResponse registryLocalDelete(LabRequest request, LabResponse response) {
    if (!request.method().equals("DELETE")) {
      return localError(response, 405, "method_not_allowed", "method not allowed");
    }
    Object value;
    try {
      value = GoJsonReader.readValue(request.body());
    } catch (GoJsonException e) {
      if (e.isEof()) {
        return localError(response, 400, "bad_request", "empty request body");
      }
      if (e.getMessage().equals(GoJsonException.UNEXPECTED_EOF)) {
        return localError(response, 500, "internal_error", "internal server error");
      }
      return localError(response, 400, "bad_request", e.getMessage());
    }
    GoObject params = value instanceof GoObject o ? o : GoObject.of(Map.of());
    String name = GinContext.modelOrName(params);
    if (!ModelRoutes.validName(name)) {
      return localError(response, 400, "bad_request", "invalid or missing name");
    }
    if (!state.remove(name)) {
      return localError(response, 404, "not_found", "model not found");
    }
    return response.finishEmpty(200);
  }

  private static LabResponse localError(
      LabResponse response, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("error", message);
    response.headers().set("Content-Type", "application/json");
    return response.status(status).body(GoJsonWriter.encodeBytes(body));
  }
}
