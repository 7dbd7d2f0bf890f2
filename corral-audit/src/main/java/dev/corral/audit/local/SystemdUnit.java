package dev.corral.audit.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of {@code ollama.service} and its drop-ins the audit reads: the environment and the
 * user, with systemd's precedence (the unit, then drop-ins in file-name order; later wins).
 *
 * @param files the files read, in order
 * @param env the effective {@code Environment=} variables, each with the file and line that set it
 * @param user the effective {@code User=}, with where it was set
 */
public record SystemdUnit(List<String> files, Map<String, Setting> env, Optional<Setting> user) {

  /**
   * A value and where it was set.
   *
   * @param value the value
   * @param where file and line
   */
  public record Setting(String value, String where) {}

  public SystemdUnit {
    files = List.copyOf(files);
    env = Map.copyOf(env);
  }

  /** Reads the unit and drop-ins; each entry is the file's name (for evidence) and its text. */
  public static SystemdUnit parse(List<Map.Entry<String, String>> filesInOrder) {
    List<String> names = new ArrayList<>();
    Map<String, Setting> env = new LinkedHashMap<>();
    Setting user = null;
    for (Map.Entry<String, String> file : filesInOrder) {
      names.add(file.getKey());
      String section = "";
      String[] lines = file.getValue().split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        String where = file.getKey() + ":" + (i + 1);
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          section = line;
          continue;
        }
        if (!section.equals("[Service]")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (key.equals("Environment")) {
          if (value.isEmpty()) {
            env.clear(); // an empty assignment resets the list
          }
          for (String assignment : words(value)) {
            int e = assignment.indexOf('=');
            if (e > 0) {
              env.put(assignment.substring(0, e), new Setting(assignment.substring(e + 1), where));
            }
          }
        } else if (key.equals("User")) {
          user = value.isEmpty() ? null : new Setting(value, where);
        }
      }
    }
    return new SystemdUnit(names, env, Optional.ofNullable(user));
  }

  /** systemd's word splitting for Environment=: spaces separate, double or single quotes group. */
  static List<String> words(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && i + 1 < value.length()) {
          current.append(value.charAt(++i));
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
          any = false;
        }
      } else {
        current.append(c);
        any = true;
      }
    }
    if (any || current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  public Optional<Setting> variable(String name) {
    return Optional.ofNullable(env.get(name));
  }
}
