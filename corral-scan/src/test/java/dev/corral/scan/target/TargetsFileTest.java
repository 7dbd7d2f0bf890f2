package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsFileTest {
  @TempDir Path dir;

  private static final String HOSTS =
      """
      \uFEFF# lab hosts
      127.0.0.1

      127.0.0.8/30        # a small block
      http://localhost:8080/api\r
        [::1]:11500
      """;

  @Test
  void oneTargetPerLineWithCommentsAndBlankLines() throws Exception {
    Path file = dir.resolve("hosts.txt");
    Files.writeString(file, HOSTS);
    TargetSpace space = TargetSpace.builder().file(file).build();
    assertThat(Spaces.urls(space))
        .containsExactly(
            "http://127.0.0.1:11434",
            "http://127.0.0.8:11434",
            "http://127.0.0.9:11434",
            "http://127.0.0.10:11434",
            "http://127.0.0.11:11434",
            "http://[::1]:11500",
            "http://localhost:8080");
  }

  @Test
  void gzippedFilesAreRecognisedByContent() throws Exception {
    Path file = dir.resolve("hosts.txt"); // no .gz on purpose
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(HOSTS.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(TargetSpace.builder().file(file).build().size()).isEqualTo(7);
  }

  @Test
  void errorsNameTheFileAndLine() throws Exception {
    Path file = dir.resolve("hosts.txt");
    Files.writeString(file, "127.0.0.1\n\n# comment\n10.0.0.0/33\n");
    assertThatThrownBy(() -> TargetSpace.builder().file(file))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage(file + " line 4: prefix length 33 is out of range for IPv4 (0-32)");
    Files.writeString(file, "127.0.0.1 127.0.0.2\n");
    assertThatThrownBy(() -> TargetSpace.builder().file(file))
        .hasMessage(
            file
                + " line 1: one target at a time: separate targets with spaces on the command line,"
                + " or put one per line in a file");
  }

  @Test
  void unreadableFilesAreNamed() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> TargetSpace.builder().file(missing))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("cannot read " + missing + ": no such file");
  }

  @Test
  void argumentsAndFilesCombine() throws Exception {
    Path file = dir.resolve("more.txt");
    Files.writeString(file, "127.0.0.2\n");
    TargetSpace space =
        TargetSpace.builder().argument("127.0.0.1").file(file).argument("127.0.0.3").build();
    assertThat(space.size()).isEqualTo(3);
    assertThatThrownBy(
            () -> TargetSpace.builder().argument("127.0.0.1").file(file).argument("nope nope"))
        .hasMessageStartingWith("target 2 ('nope nope'): ");
  }
}
