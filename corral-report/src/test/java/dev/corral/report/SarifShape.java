package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a SARIF log against the parts of the SARIF 2.1.0 schema corral uses: the required
 * properties (log: version, runs; run: tool; tool: driver; driver: name; rule: id; result: message
 * with text; invocation: executionSuccessful; notification: message), the value sets (version,
 * levels), and, since the schema forbids additional properties on these objects, that every key is
 * one the schema defines.
 */
final class SarifShape {
  private static final Map<String, Set<String>> KEYS =
      Map.ofEntries(
          Map.entry(
              "log",
              Set.of("$schema", "version", "runs", "inlineExternalProperties", "properties")),
          Map.entry(
              "run",
              Set.of(
                  "tool",
                  "invocations",
                  "conversion",
                  "language",
                  "versionControlProvenance",
                  "originalUriBaseIds",
                  "artifacts",
                  "logicalLocations",
                  "graphs",
                  "results",
                  "automationDetails",
                  "runAggregates",
                  "baselineGuid",
                  "redactionTokens",
                  "defaultEncoding",
                  "defaultSourceLanguage",
                  "newlineSequences",
                  "columnKind",
                  "externalPropertyFileReferences",
                  "threadFlowLocations",
                  "taxonomies",
                  "addresses",
                  "translations",
                  "policies",
                  "webRequests",
                  "webResponses",
                  "specialLocations",
                  "properties")),
          Map.entry("tool", Set.of("driver", "extensions", "properties")),
          Map.entry(
              "driver",
              Set.of(
                  "guid",
                  "name",
                  "organization",
                  "product",
                  "productSuite",
                  "shortDescription",
                  "fullDescription",
                  "fullName",
                  "version",
                  "semanticVersion",
                  "dottedQuadFileVersion",
                  "releaseDateUtc",
                  "downloadUri",
                  "informationUri",
                  "globalMessageStrings",
                  "notifications",
                  "rules",
                  "taxa",
                  "locations",
                  "language",
                  "contents",
                  "isComprehensive",
                  "localizedDataSemanticVersion",
                  "minimumRequiredLocalizedDataSemanticVersion",
                  "associatedComponent",
                  "translationMetadata",
                  "supportedTaxonomies",
                  "properties")),
          Map.entry(
              "rule",
              Set.of(
                  "id",
                  "deprecatedIds",
                  "guid",
                  "deprecatedGuids",
                  "name",
                  "deprecatedNames",
                  "shortDescription",
                  "fullDescription",
                  "messageStrings",
                  "defaultConfiguration",
                  "helpUri",
                  "help",
                  "relationships",
                  "properties")),
          Map.entry("text", Set.of("text", "markdown", "properties")),
          Map.entry(
              "configuration", Set.of("enabled", "level", "rank", "parameters", "properties")),
          Map.entry(
              "result",
              Set.of(
                  "ruleId",
                  "ruleIndex",
                  "rule",
                  "kind",
                  "level",
                  "message",
                  "analysisTarget",
                  "locations",
                  "guid",
                  "correlationGuid",
                  "occurrenceCount",
                  "partialFingerprints",
                  "fingerprints",
                  "stacks",
                  "codeFlows",
                  "graphs",
                  "graphTraversals",
                  "relatedLocations",
                  "suppressions",
                  "baselineState",
                  "rank",
                  "attachments",
                  "hostedViewerUri",
                  "workItemUris",
                  "provenance",
                  "fixes",
                  "taxa",
                  "webRequest",
                  "webResponse",
                  "properties")),
          Map.entry("message", Set.of("text", "markdown", "id", "arguments", "properties")),
          Map.entry(
              "location",
              Set.of(
                  "id",
                  "physicalLocation",
                  "logicalLocations",
                  "message",
                  "annotations",
                  "relationships",
                  "properties")),
          Map.entry(
              "physicalLocation",
              Set.of("address", "artifactLocation", "region", "contextRegion", "properties")),
          Map.entry(
              "artifactLocation", Set.of("uri", "uriBaseId", "index", "description", "properties")),
          Map.entry(
              "logicalLocation",
              Set.of(
                  "name",
                  "index",
                  "fullyQualifiedName",
                  "decoratedName",
                  "parentIndex",
                  "kind",
                  "properties")),
          Map.entry(
              "invocation",
              Set.of(
                  "commandLine",
                  "arguments",
                  "responseFiles",
                  "startTimeUtc",
                  "endTimeUtc",
                  "exitCode",
                  "ruleConfigurationOverrides",
                  "notificationConfigurationOverrides",
                  "toolExecutionNotifications",
                  "toolConfigurationNotifications",
                  "exitCodeDescription",
                  "exitSignalName",
                  "exitSignalNumber",
                  "processStartFailureMessage",
                  "executionSuccessful",
                  "machine",
                  "account",
                  "processId",
                  "executableLocation",
                  "workingDirectory",
                  "environmentVariables",
                  "stdin",
                  "stdout",
                  "stderr",
                  "stdoutStderr",
                  "properties")),
          Map.entry(
              "notification",
              Set.of(
                  "locations",
                  "message",
                  "level",
                  "threadId",
                  "timeUtc",
                  "exception",
                  "descriptor",
                  "associatedRule",
                  "properties")));

  private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

  private SarifShape() {}

  static void check(JsonNode log) {
    keys("log", log);
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    assertThat(log.path("runs").isArray()).as("runs").isTrue();
    for (JsonNode run : log.get("runs")) {
      keys("run", run);
      JsonNode tool = run.get("tool");
      assertThat(tool).as("run.tool").isNotNull();
      keys("tool", tool);
      JsonNode driver = tool.get("driver");
      assertThat(driver).as("tool.driver").isNotNull();
      keys("driver", driver);
      assertThat(driver.path("name").asText()).as("driver.name").isNotBlank();
      List<JsonNode> rules = driver.has("rules") ? list(driver.get("rules")) : List.of();
      Set<String> ruleIds = new HashSet<>();
      for (JsonNode rule : rules) {
        keys("rule", rule);
        assertThat(rule.path("id").asText()).as("rule.id").isNotBlank();
        assertThat(ruleIds.add(rule.get("id").asText())).as("rule ids are unique").isTrue();
        for (String field : List.of("shortDescription", "fullDescription", "help")) {
          if (rule.has(field)) {
            keys("text", rule.get(field));
            assertThat(rule.get(field).path("text").isTextual()).isTrue();
          }
        }
        if (rule.has("defaultConfiguration")) {
          keys("configuration", rule.get("defaultConfiguration"));
          assertThat(LEVELS).contains(rule.get("defaultConfiguration").get("level").asText());
        }
        if (rule.has("helpUri")) {
          assertThat(URI.create(rule.get("helpUri").asText()).isAbsolute()).isTrue();
        }
        propertyBag(rule.get("properties"));
      }
      for (JsonNode result : list(run.path("results"))) {
        keys("result", result);
        assertThat(result.path("ruleId").asText()).as("result.ruleId").isNotBlank();
        message(result.get("message"));
        if (result.has("ruleIndex")) {
          int index = result.get("ruleIndex").asInt();
          assertThat(index).isBetween(0, rules.size() - 1);
          assertThat(rules.get(index).get("id").asText()).isEqualTo(result.get("ruleId").asText());
        }
        if (result.has("level")) {
          assertThat(LEVELS).contains(result.get("level").asText());
        }
        for (JsonNode location : list(result.path("locations"))) {
          keys("location", location);
          JsonNode physical = location.get("physicalLocation");
          if (physical != null) {
            keys("physicalLocation", physical);
            assertThat(physical.has("artifactLocation") || physical.has("address")).isTrue();
            keys("artifactLocation", physical.get("artifactLocation"));
            URI.create(physical.get("artifactLocation").get("uri").asText());
          }
          for (JsonNode logical : list(location.path("logicalLocations"))) {
            keys("logicalLocation", logical);
          }
        }
        if (result.has("partialFingerprints")) {
          result.get("partialFingerprints").forEach(v -> assertThat(v.isTextual()).isTrue());
        }
        propertyBag(result.get("properties"));
      }
      for (JsonNode invocation : list(run.path("invocations"))) {
        keys("invocation", invocation);
        assertThat(invocation.path("executionSuccessful").isBoolean())
            .as("invocation.executionSuccessful")
            .isTrue();
        for (JsonNode n : list(invocation.path("toolExecutionNotifications"))) {
          keys("notification", n);
          message(n.get("message"));
        }
      }
      propertyBag(run.get("properties"));
    }
  }

  private static void message(JsonNode message) {
    assertThat(message).as("message").isNotNull();
    keys("message", message);
    assertThat(message.path("text").asText()).as("message.text").isNotBlank();
  }

  private static void propertyBag(JsonNode bag) {
    if (bag != null && bag.has("tags")) {
      Set<String> tags = new HashSet<>();
      for (JsonNode tag : bag.get("tags")) {
        assertThat(tags.add(tag.asText())).as("tags are unique").isTrue();
      }
    }
  }

  private static void keys(String kind, JsonNode node) {
    assertThat(node.isObject()).as(kind + " is an object").isTrue();
    node.fieldNames()
        .forEachRemaining(key -> assertThat(KEYS.get(kind)).as(kind + " keys").contains(key));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
