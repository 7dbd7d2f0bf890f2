package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GatewayRuleTest {

  @Test
  void idsAreStableKebabCaseAndUnique() {
    assertThat(Arrays.stream(GatewayRule.values()).map(GatewayRule::id))
        .allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"))
        .doesNotHaveDuplicates()
        .contains(
            "auth-required",
            "role-model-management",
            "registry-allowlist",
            "manifest-digest-format",
            "create-no-legacy-paths",
            "create-no-zip-import",
            "blob-gguf-validation",
            "chat-image-validation",
            "host-origin-check",
            "json-content-type",
            "rate-and-quota",
            "egress-registry-only");
  }

  @Test
  void everyRuleSaysWhatItEnforcesInOneLine() {
    assertThat(GatewayRule.values())
        .allSatisfy(rule -> assertThat(rule.description()).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void looksUpByIdIgnoringCase() {
    assertThat(GatewayRule.byId("Registry-Allowlist")).contains(GatewayRule.REGISTRY_ALLOWLIST);
    assertThat(GatewayRule.byId("registry_allowlist")).isEmpty();
  }

  @Test
  void everyRuleNamesTheGatewayClassThatEnforcesIt() {
    assertThat(GatewayRule.values())
        .allSatisfy(
            rule ->
                assertThat(rule.enforcedBy())
                    .satisfiesAnyOf(
                        by ->
                            assertThat(by)
                                .matches("dev\\.corral\\.gateway(\\.[a-z]+)+\\.[A-Z]\\w+"),
                        by -> assertThat(rule).isEqualTo(GatewayRule.EGRESS_REGISTRY_ONLY)));
    assertThat(GatewayRule.EGRESS_REGISTRY_ONLY.enforcedBy()).isEmpty();
  }
}
