package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.persona.ModelSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Listing, showing, copying and deleting installed models. */
final class ModelRoutes {
  private ModelRoutes() {}

  static void tags(GinContext c) {
    List<ModelSpec> models;
    if (c.has(OllamaFeature.TAGS_SORTED_BY_MTIME)) {
      models = c.state.models();
    } else {
      // Up to 0.1.34 the list is the manifest directory walk: lexical by name.
      models = new ArrayList<>(c.state.modelsUnsorted());
      models.sort(Comparator.comparing(ModelSpec::name));
    }
    List<Object> entries = new ArrayList<>();
    for (ModelSpec m : models) {
      entries.add(ModelViews.tagsEntry(c, m));
    }
    Object list = entries.isEmpty() && c.has(OllamaFeature.TAGS_NULL_WHEN_EMPTY) ? null : entries;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", list);
    c.json(200, body);
  }

  static void ps(GinContext c) {
    List<Object> entries = new ArrayList<>();
    for (ServerState.Loaded l : c.state.loaded()) {
      entries.add(ModelViews.psEntry(c, l));
    }
    c.json(200, Map.of("models", entries));
  }

  static void show(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.SHOW);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    if (name.isEmpty()) {
      name = req.string("name");
    }
    if (name.isEmpty()) {
      c.abortWithError(400, "model is required");
      return;
    }
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      c.error(404, showNotFound(c, name));
      return;
    }
    c.json(
        200,
        ModelViews.show(c, model.get(), Boolean.TRUE.equals(req.field("verbose").orElse(null))));
  }

  /** The show handler's 404 wording: canonical {@code name:latest} from v0.30.0. */
  static String showNotFound(GinContext c, String name) {
    String shown = name;
    if (c.has(OllamaFeature.CANONICAL_NOT_FOUND) && !name.contains(":")) {
      shown = name + ":latest";
    }
    return "model '" + shown + "' not found";
  }

  static void delete(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.DELETE);
    if (req == null) {
      return;
    }
    String name = GinContext.modelOrName(req);
    if (name.isEmpty()) {
      c.abortMissingModelName();
      return;
    }
    if (!c.state.remove(name)) {
      c.error(404, "model '" + name + "' not found");
      return;
    }
    c.response.status(200);
  }

  static void copy(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.COPY);
    if (req == null) {
      return;
    }
    String source = req.string("source");
    String destination = req.string("destination");
    if (!validName(source)) {
      c.abortWithError(400, "source " + GoText.quote(source) + " is invalid");
      return;
    }
    if (!validName(destination)) {
      c.abortWithError(400, "destination " + GoText.quote(destination) + " is invalid");
      return;
    }
    Optional<ModelSpec> model = c.state.find(source);
    if (model.isEmpty()) {
      c.error(404, "model " + GoText.quote(source) + " not found");
      return;
    }
    c.state.install(model.get().renamed(fullName(destination), c.state.now()));
    c.response.status(200);
  }

  /** {@code model.ParseName(...).IsValid()}, reduced to the checks that matter in the lab. */
  static boolean validName(String name) {
    return !name.isBlank()
        && name.length() <= 350
        && name.matches("[A-Za-z0-9._:/@+-]+")
        && !name.contains("..")
        && !name.startsWith("/");
  }

  static String fullName(String name) {
    int slash = name.lastIndexOf('/');
    return name.indexOf(':', slash + 1) < 0 ? name + ":latest" : name;
  }
}
