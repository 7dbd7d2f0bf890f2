package dev.corral.gateway.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the replay corpus: every {@code *.yaml} under {@code replay/} on the test class path, one
 * file per family. A case gives its bytes either as {@code raw} (the whole request, exact) or, for
 * cases that are about the body, as {@code route} + {@code body} (+ {@code headers}, {@code
 * content_type}), which expands to a plain HTTP/1.1 request with Host, the credential as {@code
 * Authorization: Bearer}, Content-Type and Content-Length. A malformed file fails with its name and
 * the case.
 */
final class ReplayCorpus {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "key",
          "raw",
          "route",
          "body",
          "headers",
          "content_type",
          "auth",
          "expect",
          "status",
          "rule",
          "upstream",
          "upstream_body",
          "statuses",
          "answer_lacks",
          "dribble",
          "note");

  private ReplayCorpus() {}

  static List<ReplayCase> load() {
    URL root = ReplayCorpus.class.getClassLoader().getResource("replay");
    if (root == null) {
      throw new IllegalStateException("no replay/ directory on the test class path");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(root.toURI()))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<ReplayCase> cases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    YAMLMapper yaml = new YAMLMapper();
    for (Path file : files) {
      JsonNode doc;
      try {
        doc = yaml.readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalStateException(file.getFileName() + ": " + e.getMessage(), e);
      }
      String defaultKey = doc.path("key").asText("user");
      for (JsonNode node : doc.path("cases")) {
        ReplayCase c = parse(file.getFileName().toString(), defaultKey, node);
        if (!ids.add(c.id())) {
          throw new IllegalStateException(c.file() + ": duplicate case id " + c.id());
        }
        cases.add(c);
      }
    }
    return cases;
  }

  private static ReplayCase parse(String file, String defaultKey, JsonNode n) {
    String id = n.path("id").asText(null);
    String where = file + ": case " + id;
    if (id == null) {
      throw new IllegalStateException(file + ": a case without id: " + n);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalStateException(where + ": unknown field '" + field + "'");
      }
    }
    String key = n.path("key").asText(defaultKey);
    String expect = n.path("expect").asText(null);
    if (!List.of("blocked", "allowed", "partial").contains(String.valueOf(expect))) {
      throw new IllegalStateException(where + ": expect must be blocked, allowed or partial");
    }
    String template;
    if (n.has("raw")) {
      template = n.get("raw").asText();
    } else if (n.has("route")) {
      template = expand(n, key);
    } else {
      throw new IllegalStateException(where + ": needs raw or route");
    }
    int status = 0;
    if (n.has("status")) {
      status = "none".equals(n.get("status").asText()) ? -1 : n.get("status").asInt();
    }
    List<String> upstream = null;
    if (n.has("upstream")) {
      upstream = new ArrayList<>();
      if (n.get("upstream").isArray()) {
        for (JsonNode u : n.get("upstream")) {
          upstream.add(u.asText());
        }
      } else {
        upstream.add(n.get("upstream").asText());
      }
    }
    List<Integer> statuses = null;
    if (n.has("statuses")) {
      statuses = new ArrayList<>();
      for (JsonNode s : n.get("statuses")) {
        statuses.add(s.asInt());
      }
    }
    if ("partial".equals(expect) && (upstream == null || statuses == null)) {
      throw new IllegalStateException(where + ": a partial case needs upstream and statuses");
    }
    List<String> lacks = new ArrayList<>();
    for (JsonNode l : n.path("answer_lacks")) {
      lacks.add(l.asText());
    }
    return new ReplayCase(
        file,
        id,
        key,
        template,
        expect,
        status,
        n.path("rule").asText(null),
        upstream,
        n.has("upstream_body") ? n.get("upstream_body").asText() : null,
        statuses,
        lacks,
        n.path("dribble").asBoolean(false),
        n.path("note").asText(""));
  }

  /** The short form: a plain, well-framed HTTP/1.1 request. */
  private static String expand(JsonNode n, String key) {
    StringBuilder r = new StringBuilder(n.get("route").asText()).append(" HTTP/1.1\r\n");
    r.append("Host: gateway.test\r\n");
    if (!"none".equals(key) && n.path("auth").asBoolean(true)) {
      r.append("Authorization: Bearer ${KEY}\r\n");
    }
    for (JsonNode h : n.path("headers")) {
      r.append(h.asText()).append("\r\n");
    }
    if (n.has("body")) {
      JsonNode type = n.get("content_type");
      if (type == null) {
        r.append("Content-Type: application/json\r\n");
      } else if (!type.isNull()) {
        r.append("Content-Type: ").append(type.asText()).append("\r\n");
      }
      r.append("Content-Length: ${LEN}\r\n\r\n").append(n.get("body").asText());
    } else {
      r.append("\r\n");
    }
    return r.toString();
  }
}
