package dev.corral.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which routes' answers are searched for token counts (and so count against a token quota). */
class RouteTokensTest {
  @Test
  void generationAndEmbeddingRoutesReportTokensAndNothingElseDoes() {
    var counted =
        new OllamaPolicy(PolicySettings.defaults())
            .servedRoutes().stream()
                .filter(Route::reportsTokens)
                .map(r -> r.method() + " " + r.pattern())
                .collect(Collectors.toSet());
    assertThat(counted)
        .containsExactlyInAnyOrder(
            "POST /api/generate",
            "POST /api/chat",
            "POST /api/embed",
            "POST /api/embeddings",
            "POST /v1/chat/completions",
            "POST /v1/completions",
            "POST /v1/embeddings",
            "POST /v1/responses",
            "POST /v1/messages");
  }
}
