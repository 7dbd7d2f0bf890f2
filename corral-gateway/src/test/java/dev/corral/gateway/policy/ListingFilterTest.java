package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.caller;
import static dev.corral.gateway.policy.Requests.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.gojson.GoObject;
import dev.corral.gateway.policy.model.ModelGlobs;
import dev.corral.gateway.policy.model.ModelName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListingFilterTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
  private final Caller llama = caller(Role.USER, "llama3*");

  private Route route(String method, String path) {
    return policy.judgeHead(Requests.ADMIN_ALL, head(method, path)).route();
  }

  private String filter(Caller caller, String path, String body) {
    return new String(
        policy.filterListing(caller, route("GET", path), body.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  @Test
  void tagsKeepOnlyAllowedModelsAndEverythingElseAsWritten() {
    String tags =
        "{\"models\":[{\"name\":\"llama3:latest\",\"model\":\"llama3:latest\",\"modified_at\":"
            + "\"2024-05-01T10:00:00.123456789+02:00\",\"size\":4661224676,\"digest\":\"365c\","
            + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"families\":[\"llama\"],"
            + "\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_0\"}},"
            + "{\"name\":\"mistral:latest\",\"model\":\"mistral:latest\",\"size\":1},"
            + "{\"name\":\"hf.co/x/llama3:q4\",\"model\":\"hf.co/x/llama3:q4\",\"size\":2},"
            + "{\"name\":\"LLAMA3:8B\",\"model\":\"LLAMA3:8B\",\"size\":1e3}]}";
    assertThat(filter(llama, "/api/tags", tags))
        .isEqualTo(
            "{\"models\":[{\"name\":\"llama3:latest\",\"model\":\"llama3:latest\",\"modified_at\":"
                + "\"2024-05-01T10:00:00.123456789+02:00\",\"size\":4661224676,\"digest\":\"365c\","
                + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"families\":[\"llama\"],"
                + "\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_0\"}},"
                + "{\"name\":\"LLAMA3:8B\",\"model\":\"LLAMA3:8B\",\"size\":1e3}]}");
    assertThat(filter(Requests.USER_ALL, "/api/tags", tags)).isEqualTo(tags);
    assertThat(filter(caller(Role.USER), "/api/tags", tags)).isEqualTo("{\"models\":[]}");
  }

  @Test
  void entriesWhoseTwoNamesDisagreeOrAreMissingAreDropped() {
    String tags =
        "{\"models\":[{\"name\":\"llama3\",\"model\":\"mistral\"},{\"size\":3},"
            + "{\"name\":\"../x\"},{\"name\":7},\"llama3\"]}";
    assertThat(filter(llama, "/api/tags", tags)).isEqualTo("{\"models\":[]}");
  }

  @Test
  void psIsFilteredLikeTags() {
    String ps =
        "{\"models\":[{\"name\":\"mistral:latest\",\"model\":\"mistral:latest\",\"size_vram\":5},"
            + "{\"name\":\"llama3:latest\",\"model\":\"llama3:latest\",\"expires_at\":"
            + "\"2024-06-04T14:38:31.83753-07:00\",\"size_vram\":5137025024}]}";
    assertThat(filter(llama, "/api/ps", ps))
        .isEqualTo(
            "{\"models\":[{\"name\":\"llama3:latest\",\"model\":\"llama3:latest\",\"expires_at\":"
                + "\"2024-06-04T14:38:31.83753-07:00\",\"size_vram\":5137025024}]}");
  }

  @Test
  void openAiModelsKeepTheirEnvelopeAndTrailingNewline() {
    String models =
        "{\"object\":\"list\",\"data\":[{\"id\":\"mistral:latest\",\"object\":\"model\","
            + "\"created\":1717000000,\"owned_by\":\"library\"},{\"id\":\"llama3:latest\","
            + "\"object\":\"model\",\"created\":1717000001,\"owned_by\":\"library\"}]}\n";
    assertThat(filter(llama, "/v1/models", models))
        .isEqualTo(
            "{\"object\":\"list\",\"data\":[{\"id\":\"llama3:latest\",\"object\":\"model\","
                + "\"created\":1717000001,\"owned_by\":\"library\"}]}\n");
    assertThat(filter(llama, "/v1/models", "{\"object\":\"list\",\"data\":null}\n"))
        .isEqualTo("{\"object\":\"list\",\"data\":null}\n");
  }

  @Test
  void goEscapingIsKeptWhenRewritten() {
    String tags = "{\"models\":[{\"name\":\"llama3\",\"note\":\"\\u003cb\\u003e \\u0026 é\"}]}";
    assertThat(filter(llama, "/api/tags", tags)).isEqualTo(tags);
  }

  @Test
  void errorBodiesPassUnchanged() {
    assertThat(filter(llama, "/api/tags", "{\"error\":\"boom\"}"))
        .isEqualTo("{\"error\":\"boom\"}");
    assertThat(filter(llama, "/api/tags", "Internal Server Error"))
        .isEqualTo("Internal Server Error");
  }

  @Test
  void everyMemberOrFieldAGoClientWouldReadAsTheListOrANameIsJudged() {
    // Go's decoder matches keys case-insensitively (last one wins); other clients read the exact
    // key. Whichever a client reads, it must not find a model the key may not use.
    String tags =
        "{\"models\":[{\"name\":\"llama3\",\"Name\":\"mistral\"},"
            + "{\"NAME\":\"llama3\",\"name\":\"mistral\"},{\"name\":\"llama3\",\"size\":1}],"
            + "\"Models\":[{\"name\":\"mistral\"},{\"name\":\"llama3:8b\"}],"
            + "\"models\":[{\"model\":\"mistral\"}]}";
    assertThat(filter(llama, "/api/tags", tags))
        .isEqualTo(
            "{\"models\":[{\"name\":\"llama3\",\"size\":1}],"
                + "\"Models\":[{\"name\":\"llama3:8b\"}],\"models\":[]}");
  }

  @Test
  void aListingGoWouldReadButTheParserRefusesBecomesEmpty() {
    // Go's decoder reads invalid UTF-8 as U+FFFD; such a name cannot be judged, so nothing is
    // shown.
    byte[] tags =
        "{\"models\":[{\"name\":\"llama3\"},{\"name\":\"x?\"}]}".getBytes(StandardCharsets.UTF_8);
    tags[tags.length - 6] = (byte) 0xff;
    byte[] filtered = policy.filterListing(llama, route("GET", "/api/tags"), tags);
    assertThat(new String(filtered, StandardCharsets.UTF_8)).isEqualTo("{\"models\":[]}");
  }

  @Test
  void keptEntriesAndTheDocumentAroundThemStayByteForByte() {
    String tags =
        " {\n  \"models\" : [ {\"name\": \"mistral\"} ,\n {\"name\" : \"llama3\", \"x\": [1, {\"a\":\"]}\\\"\"}]} ],"
            + " \"next\": null }\n";
    assertThat(filter(llama, "/api/tags", tags))
        .isEqualTo(
            " {\n  \"models\" : [{\"name\" : \"llama3\", \"x\": [1, {\"a\":\"]}\\\"\"}]}],"
                + " \"next\": null }\n");
  }

  /**
   * On listings as Go writes them (compact), the result is exactly what decoding, dropping the
   * entries and encoding again gives: the byte-cutting filter against a plain reference.
   */
  @Test
  void cutsExactlyWhatDecodingFilteringAndReencodingWouldOnRandomListings() throws Exception {
    Random random = new Random(20261128);
    String[] names = {
      "llama3",
      "llama3:latest",
      "LLAMA3:8B",
      "llama3.2:1b",
      "mistral",
      "mistral:latest",
      "hf.co/x/llama3:q4",
      "registry.ollama.ai/library/llama3:latest",
      "../x",
      "",
      "qwen2.5:0.5b"
    };
    ModelGlobs globs = ModelGlobs.of(List.of("llama3*"));
    Caller caller = caller(Role.USER, "llama3*");
    for (int round = 0; round < 2_000; round++) {
      List<Object> models = new ArrayList<>();
      for (int i = random.nextInt(6); i > 0; i--) {
        Map<String, Object> model = new LinkedHashMap<>();
        String name = names[random.nextInt(names.length)];
        if (random.nextInt(8) > 0) {
          model.put("name", name);
        }
        if (random.nextInt(8) > 0) {
          model.put("model", random.nextInt(5) == 0 ? names[random.nextInt(names.length)] : name);
        }
        model.put("note", "<b> & \u00e9 \\ \" ] } " + random.nextInt(1000));
        model.put("size", random.nextLong(1L << 40));
        model.put("details", Map.of("families", List.of("llama", "clip"), "format", "gguf"));
        models.add(model);
      }
      Map<String, Object> document = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        document.put("before", List.of(Map.of("name", "mistral")));
      }
      document.put("models", models);
      document.put("after", random.nextInt(3) == 0 ? null : "[\"x\"]");
      String tags = GoJsonWriter.encode(document);
      assertThat(filter(caller, "/api/tags", tags))
          .as("listing %s", tags)
          .isEqualTo(reference(tags, globs));
    }
  }

  private static String reference(String tags, ModelGlobs globs) throws GoJsonException {
    GoObject document = (GoObject) GoJsonReader.readValue(tags.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> member : document.entries()) {
      Object value = member.getValue();
      if (member.getKey().equals("models")) {
        List<Object> kept = new ArrayList<>();
        for (Object item : (List<?>) value) {
          GoObject model = (GoObject) item;
          boolean named = false;
          boolean ok = true;
          for (Map.Entry<String, Object> field : model.entries()) {
            if (field.getKey().equals("name") || field.getKey().equals("model")) {
              ModelName name = ModelName.parse((String) field.getValue()).orElse(null);
              ok &= name != null && globs.allows(name);
              named = true;
            }
          }
          if (named && ok) {
            kept.add(model);
          }
        }
        value = kept;
      }
      out.put(member.getKey(), value);
    }
    return GoJsonWriter.encode(out);
  }
}
