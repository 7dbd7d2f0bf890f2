package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.ModelSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model transfer and creation: pull, push, create and blob uploads. The lab has no registry and no
 * disk: pulls of catalogue models "download" instantly into memory, other registries fail as an
 * offline server would, and nothing is ever written outside memory.
 */
final class TransferRoutes {
  private static final Pattern DIGEST = Pattern.compile("^sha256[:-][0-9a-fA-F]{64}$");

  private TransferRoutes() {}

  static void pull(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.PULL);
    if (req == null) {
      return;
    }
    String name = GinContext.modelOrName(req);
    if (name.isEmpty()) {
      c.abortMissingModelName();
      return;
    }
    boolean stream = !Boolean.FALSE.equals(req.field("stream").orElse(null));
    List<Object> progress = new ArrayList<>();
    progress.add(status("pulling manifest"));
    String error = null;
    Optional<String> host = registryHost(name);
    Optional<ModelSpec> model = ModelCatalog.find(stripRegistry(name));
    if (name.startsWith("http://") && !Boolean.TRUE.equals(req.field("insecure").orElse(null))) {
      progress.clear();
      error = "insecure protocol http";
    } else if (host.isPresent()) {
      error = "pull model manifest: " + offline(host.get(), name);
    } else if (model.isEmpty()) {
      error = "pull model manifest: file does not exist";
    } else {
      ModelSpec m = model.get();
      for (String digest :
          List.of(ModelSpecs.weightsDigest(m), ModelSpec.digestOf("params:" + m.name()))) {
        long total = digest.equals(ModelSpecs.weightsDigest(m)) ? m.size() - 487L : 487L;
        progress.add(layer(digest, total, 0));
        progress.add(layer(digest, total, total));
      }
      progress.add(status("verifying sha256 digest"));
      progress.add(status("writing manifest"));
      if (!c.version().isAtLeast("0.30.0")) {
        progress.add(status("removing any unused layers"));
      }
      progress.add(status("success"));
      c.state.install(m.renamed(m.name(), c.state.now()));
    }
    finish(c, stream, progress, error, null);
  }

  static void push(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.PUSH);
    if (req == null) {
      return;
    }
    String name = GinContext.modelOrName(req);
    if (name.isEmpty()) {
      c.abortMissingModelName();
      return;
    }
    boolean stream = !Boolean.FALSE.equals(req.field("stream").orElse(null));
    List<Object> progress = new ArrayList<>();
    String error;
    Optional<String> host = registryHost(name);
    if (c.state.find(name).isEmpty()) {
      error =
          "open /root/.ollama/models/manifests/registry.ollama.ai/"
              + manifestPath(name)
              + ": no such file or directory";
    } else if (host.isPresent()) {
      progress.add(status("retrieving manifest"));
      error = offline(host.get(), name);
    } else {
      progress.add(status("retrieving manifest"));
      error =
          "you are not authorized to push to this namespace, create the model under a namespace you own";
    }
    finish(c, stream, progress, error, null);
  }

  static void create(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.CREATE);
    if (req == null) {
      return;
    }
    String name = GinContext.modelOrName(req);
    boolean stream = !Boolean.FALSE.equals(req.field("stream").orElse(null));
    if (!c.has(OllamaFeature.CREATE_FILES_API)) {
      createLegacy(c, req, name, stream);
      return;
    }
    String from = req.string("from");
    Optional<GoObject> files = req.object("files");
    if (from.isEmpty() && files.isEmpty()) {
      finish(c, stream, List.of(), "neither 'from' or 'files' was specified", 400);
      return;
    }
    List<Object> progress = new ArrayList<>();
    if (files.isPresent()) {
      for (Map.Entry<String, Object> file : files.get().entries()) {
        String digest = String.valueOf(file.getValue());
        if (!c.state.hasBlob(digest)) {
          finish(
              c,
              stream,
              progress,
              "open /root/.ollama/models/blobs/"
                  + digest.replace(':', '-')
                  + ": no such file or directory",
              null);
          return;
        }
      }
      progress.add(status("parsing GGUF"));
      c.state.install(uploaded(name, c));
    } else {
      Optional<ModelSpec> base = c.state.find(from);
      if (base.isEmpty()) {
        finish(c, stream, progress, "model '" + from + "' not found", 404);
        return;
      }
      progress.add(status("using existing layer sha256:" + ModelSpecs.weightsDigest(base.get())));
      c.state.install(base.get().renamed(ModelRoutes.fullName(name), c.state.now()));
    }
    progress.add(status("writing manifest"));
    progress.add(status("success"));
    finish(c, stream, progress, null, null);
  }

  /** Up to v0.5.4 the server read a Modelfile (or a path) itself. */
  private static void createLegacy(GinContext c, GoObject req, String name, boolean stream) {
    String modelfile = req.string("modelfile");
    String path = req.string("path");
    if (modelfile.isEmpty() && path.isEmpty()) {
      String word = c.has(OllamaFeature.CREATE_CAPITAL_MODELFILE) ? "Modelfile" : "modelfile";
      c.abortWithError(400, "path or " + word + " are required");
      return;
    }
    if (modelfile.isEmpty()) {
      // The server would open this path on its own disk; the lab has none to look at.
      c.abortWithError(
          400, "error reading modelfile: open " + path + ": no such file or directory");
      return;
    }
    String from = "";
    for (String line : modelfile.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.regionMatches(true, 0, "FROM ", 0, 5)) {
        from = trimmed.substring(5).strip();
      }
    }
    List<Object> progress = new ArrayList<>();
    progress.add(status("reading model metadata"));
    Optional<ModelSpec> base = c.state.find(from);
    if (base.isEmpty()) {
      String error =
          from.startsWith("/") || from.startsWith(".") || from.startsWith("~")
              ? "open " + from + ": no such file or directory"
              : "pull model manifest: file does not exist";
      finish(c, stream, progress, error, null);
      return;
    }
    progress.add(status("creating system layer"));
    progress.add(
        status("using already created layer sha256:" + ModelSpecs.weightsDigest(base.get())));
    progress.add(status("writing manifest"));
    progress.add(status("success"));
    c.state.install(base.get().renamed(ModelRoutes.fullName(name), c.state.now()));
    finish(c, stream, progress, null, null);
  }

  private static ModelSpec uploaded(String name, GinContext c) {
    String full = ModelRoutes.fullName(name);
    return new ModelSpec(
        full,
        "llama",
        List.of("llama"),
        "1B",
        "F16",
        1_000_000L,
        ModelSpec.digestOf("created:" + full),
        c.state.now(),
        List.of("completion"),
        2048,
        2048,
        "{{ .Prompt }}",
        "",
        "");
  }

  static void headBlob(GinContext c) {
    String digest = c.params.get("digest");
    if (c.has(OllamaFeature.DIGEST_VALIDATION) && !DIGEST.matcher(digest).matches()) {
      c.abortWithError(400, "invalid digest format");
      return;
    }
    if (!c.state.hasBlob(digest)) {
      c.abortWithError(404, "blob " + GoText.quote(digest) + " not found");
      return;
    }
    c.response.status(200);
  }

  static void createBlob(GinContext c) {
    String digest = c.params.get("digest");
    if (c.has(OllamaFeature.DIGEST_VALIDATION) && !DIGEST.matcher(digest).matches()) {
      c.abortWithError(400, "invalid digest format");
      return;
    }
    if (c.state.hasBlob(digest)) {
      c.response.status(200);
      return;
    }
    String actual = "sha256:" + sha256(c.request.body());
    if (!actual.equals(digest)) {
      c.abortWithError(
          400,
          "digest mismatch, expected " + GoText.quote(digest) + ", got " + GoText.quote(actual));
      return;
    }
    c.state.putBlob(digest, c.request.body().length);
    c.response.status(201);
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void finish(
      GinContext c, boolean stream, List<Object> progress, String error, Integer status) {
    if (stream) {
      Streams.respond(c, progress, error, status, 0);
    } else {
      Streams.waitFor(c, progress.isEmpty() ? status("") : progress.getLast(), error, status);
    }
  }

  private static Map<String, Object> status(String text) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("status", text);
    return s;
  }

  /** {@code api.ProgressResponse}: status, digest, total, completed (zero values omitted). */
  private static Map<String, Object> layer(String digest, long total, long completed) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("status", "pulling " + digest.substring(0, 12));
    s.put("digest", "sha256:" + digest);
    s.put("total", total);
    if (completed > 0) {
      s.put("completed", completed);
    }
    return s;
  }

  /** The registry host of a name like {@code evil.example/ns/m:tag}, unless it is Ollama's. */
  static Optional<String> registryHost(String name) {
    String n = name.replaceFirst("^https?://", "");
    int slash = n.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String first = n.substring(0, slash);
    boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (!host || first.equalsIgnoreCase("registry.ollama.ai")) {
      return Optional.empty();
    }
    return Optional.of(first);
  }

  private static String stripRegistry(String name) {
    return name.replaceFirst("(?i)^registry\\.ollama\\.ai/", "").replaceFirst("^library/", "");
  }

  private static String manifestPath(String name) {
    String full = ModelRoutes.fullName(stripRegistry(name));
    String path = full.contains("/") ? full : "library/" + full;
    return path.replace(':', '/');
  }

  /** What Go's HTTP client says when the lab, which has no network, tries to reach a registry. */
  private static String offline(String host, String name) {
    String hostOnly = host.replaceFirst(":\\d+$", "");
    String scheme = name.startsWith("http://") ? "http" : "https";
    String rest = name.replaceFirst("^https?://", "").substring(host.length());
    String repo = rest.replaceFirst("^/", "").replaceFirst(":[^/:]+$", "");
    String tag = rest.matches(".*:[^/:]+$") ? rest.substring(rest.lastIndexOf(':') + 1) : "latest";
    return "Get \""
        + scheme
        + "://"
        + host
        + "/v2/"
        + repo
        + "/manifests/"
        + tag
        + "\": dial tcp: lookup "
        + hostOnly
        + ": no such host";
  }
}
