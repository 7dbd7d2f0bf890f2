package dev.corral.gateway.clients;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/node/clients.mjs: the official {@code ollama} and {@code openai} JavaScript
 * libraries, installed with {@code npm ci} from the committed lock file into target/node-clients
 * (once per build), against a base URL. Tests are skipped, saying why, where Node.js or npm is
 * missing; on the project's CI machines both are present.
 */
public final class NodeClients {
  private static final Path SOURCES = Path.of("src/test/node");
  private static final Path INSTALL = Path.of("target/node-clients");

  private NodeClients() {}

  /**
   * Every check the script ran, by name ({@code ollama.chat.stream}, {@code openai.models}...),
   * each {@code {"check", "ok", ...}}.
   */
  public static Map<String, JsonNode> run(String baseUrl, String key, String model)
      throws IOException, InterruptedException {
    install();
    Process node =
        new ProcessBuilder("node", INSTALL.resolve("clients.mjs").toString(), baseUrl, key, model)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(120, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException("node clients.mjs did not finish within 120 s: " + out);
    }
    Map<String, JsonNode> checks = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        JsonNode check = Json.mapper().readTree(line);
        checks.put(check.path("check").asText(), check);
      }
    }
    return checks;
  }

  private static synchronized void install() throws IOException, InterruptedException {
    assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are needed for this test");
    Files.createDirectories(INSTALL);
    for (String file : List.of("package.json", "package-lock.json", "clients.mjs")) {
      Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(INSTALL.resolve("node_modules/ollama"))
        && Files.isDirectory(INSTALL.resolve("node_modules/openai"))) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("npm", "ci", "--no-audit", "--no-fund"));
    Process npm =
        new ProcessBuilder(command).directory(INSTALL.toFile()).redirectErrorStream(true).start();
    String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
      throw new IllegalStateException("npm ci failed in " + INSTALL + ":\n" + log);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
