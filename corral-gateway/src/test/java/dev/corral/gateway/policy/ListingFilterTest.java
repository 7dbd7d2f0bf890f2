package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.caller;
import static dev.corral.gateway.policy.Requests.head;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
