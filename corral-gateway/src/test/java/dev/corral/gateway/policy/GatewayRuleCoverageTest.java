package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.head;
import static dev.corral.gateway.policy.Requests.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.vuln.GatewayRule;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every rule {@code corral vulns rules} says the policy enforces is really enforced by it. */
class GatewayRuleCoverageTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());

  @Test
  void theNamedClassesExist() throws ClassNotFoundException {
    for (GatewayRule rule : GatewayRule.values()) {
      if (rule.enforcedBy().startsWith("dev.corral.gateway.policy.")) {
        assertThat(Class.forName(rule.enforcedBy()).getPackageName())
            .startsWith("dev.corral.gateway.policy");
      }
    }
  }

  @Test
  void everyPolicyRuleRefusesSomething() {
    Set<String> seen = new TreeSet<>();
    seen.add(policy.judgeHead(USER_ALL, Requests.request("POST", "/api/pull")).rule());
    seen.add(judge(policy, ADMIN_ALL, "/api/pull", "{\"model\":\"evil.example/a/b\"}").rule());
    seen.add(policy.judgeHead(ADMIN_ALL, head("HEAD", "/api/blobs/sha256:0")).rule());
    seen.add(judge(policy, ADMIN_ALL, "/api/create", "{\"model\":\"x\",\"path\":\"/x\"}").rule());
    seen.add(
        judge(policy, ADMIN_ALL, "/api/create", "{\"model\":\"x\",\"modelfile\":\"FROM a.zip\"}")
            .rule());
    BlobInspector zip = policy.inspectBlob(ADMIN_ALL, head("POST", "/api/blobs/" + DIGEST), 4);
    assertThat(zip.feed(Unpooled.wrappedBuffer(new byte[] {'P', 'K', 3, 4})))
        .isEqualTo(BlobInspector.Progress.REFUSED);
    seen.add(zip.refusal().rule());
    seen.add(
        policy.inspectBlob(ADMIN_ALL, head("POST", "/api/blobs/" + DIGEST), 4).endOfBody().rule());
    seen.add(
        judge(policy, USER_ALL, "/api/generate", "{\"model\":\"m\",\"images\":[\"eA==\"]}").rule());
    seen.add(policy.judgeHead(USER_ALL, head("GET", "/", "Origin", "null")).rule());
    seen.add(
        policy
            .judgeHead(
                USER_ALL,
                head("POST", "/api/chat", "Content-Type", "text/plain", "Content-Length", "2"))
            .rule());
    Set<String> enforcedHere =
        Arrays.stream(GatewayRule.values())
            .filter(rule -> rule.enforcedBy().startsWith("dev.corral.gateway.policy."))
            .map(GatewayRule::id)
            .collect(Collectors.toCollection(TreeSet::new));
    seen.retainAll(enforcedHere);
    assertThat(seen).isEqualTo(enforcedHere);
  }
}
