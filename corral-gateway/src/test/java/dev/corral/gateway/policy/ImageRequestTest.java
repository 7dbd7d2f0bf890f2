package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.judge;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Images in every request shape Ollama decodes them from (CVE-2025-15514). */
class ImageRequestTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
  private static final String JUNK = Base64.getEncoder().encodeToString("junk junk".getBytes());

  static String png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @Test
  void realImagesPassInEveryShape() throws IOException {
    String png = png();
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/api/generate",
                    "{\"model\":\"llava\",\"images\":[\"" + png + "\"]}")
                .allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/api/chat",
                    "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":\"what\","
                        + "\"images\":[\""
                        + png
                        + "\"]}]}")
                .allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/v1/chat/completions",
                    "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"text\",\"text\":\"what\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                        + "\"data:image/png;base64,"
                        + png
                        + "\"}}]}]}")
                .allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/v1/responses",
                    "{\"model\":\"llava\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"input_image\",\"image_url\":\"data:image/png;base64,"
                        + png
                        + "\"}]}]}")
                .allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/v1/messages",
                    "{\"model\":\"llava\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                        + "\"media_type\":\"image/png\",\"data\":\""
                        + png
                        + "\"}}]}]}")
                .allowed())
        .isTrue();
  }

  @Test
  void ollamasBareDataUrlIsAccepted() throws IOException {
    assertThat(
            judge(
                    policy,
                    USER_ALL,
                    "/v1/chat/completions",
                    "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"image_url\",\"image_url\":\"data:;base64,"
                        + png()
                        + "\"}]}]}")
                .allowed())
        .isTrue();
  }

  @Test
  void junkImagesAreRefusedInEveryShape() {
    String[][] requests = {
      {"/api/generate", "{\"model\":\"llava\",\"images\":[\"" + JUNK + "\"]}"},
      {"/api/generate", "{\"model\":\"llava\",\"images\":[\"!!notbase64\"]}"},
      {"/api/generate", "{\"model\":\"llava\",\"images\":[42]}"},
      {"/api/generate", "{\"model\":\"llava\",\"images\":\"" + JUNK + "\"}"},
      {"/api/generate", "{\"model\":\"llava\",\"Images\":[\"" + JUNK + "\"]}"},
      {
        "/api/chat",
        "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"images\":[\"" + JUNK + "\"]}]}"
      },
      {
        "/v1/chat/completions",
        "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"data:image/png;base64,"
            + JUNK
            + "\"}}]}]}"
      },
      {
        "/v1/chat/completions",
        "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":\"http://169.254.169.254/latest/meta-data\"}]}]}"
      },
      {
        "/v1/responses",
        "{\"model\":\"llava\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
            + "\"image_url\":\"data:image/jpeg;base64,"
            + JUNK
            + "\"}]}]}"
      },
      {
        "/v1/responses",
        "{\"model\":\"llava\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\","
            + "\"output\":[{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,"
            + JUNK
            + "\"}]}]}"
      },
      {
        "/v1/messages",
        "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
            + "\"source\":{\"type\":\"base64\",\"data\":\""
            + JUNK
            + "\"}}]}]}"
      },
      {
        "/v1/messages",
        "{\"model\":\"llava\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
            + "\"source\":{\"type\":\"url\",\"url\":\"http://10.0.0.1/x.png\"}}]}]}"
      },
    };
    for (String[] request : requests) {
      Verdict verdict = judge(policy, USER_ALL, request[0], request[1]);
      assertThat(verdict.allowed()).as(request[1]).isFalse();
      assertThat(verdict.status()).isEqualTo(400);
      assertThat(verdict.rule()).as(request[1]).isEqualTo("chat-image-validation");
    }
  }
}
