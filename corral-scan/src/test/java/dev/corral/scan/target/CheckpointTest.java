package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private static TargetSpace space(String ports, String... targets) {
    return TargetSpace.builder().ports(PortList.parse(ports)).arguments(List.of(targets)).build();
  }

  @Test
  void writesAndReadsBackAndResumes() throws Exception {
    TargetSpace space = space("11434", "127.0.0.0/24", "localhost");
    TargetGenerator generator = space.generator(77, new Shard(1, 2));
    for (int i = 0; i < 10; i++) {
      generator.next();
    }
    Path file = dir.resolve("scan.checkpoint");
    generator.checkpoint().write(file);
    assertThat(Files.readString(file))
        .startsWith("{\"format\":1,\"seed\":77,\"shard\":\"1/2\",\"fingerprint\":\"")
        .endsWith("\"position\":10,\"size\":129}");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary files left behind
    }

    Checkpoint read = Checkpoint.read(file);
    assertThat(read).isEqualTo(generator.checkpoint());
    TargetGenerator resumed =
        read.resume(space, file.toString(), Optional.empty(), OptionalLong.empty());
    assertThat(resumed.position()).isEqualTo(10);
    assertThat(resumed.next()).isEqualTo(generator.next());

    read.at(11).write(file); // overwrite in place
    assertThat(Checkpoint.read(file).position()).isEqualTo(11);
  }

  @Test
  void theFingerprintIgnoresOrderAndSpellingButNotContent() {
    String a = space("11434,8080", "127.0.0.0/31", "localhost", "127.0.0.9").fingerprint();
    String b = space("8080,11434", "127.0.0.9", "localhost", "127.0.0.0-127.0.0.1").fingerprint();
    assertThat(a).isEqualTo(b).hasSize(64);
    assertThat(space("11434", "127.0.0.0/31", "localhost", "127.0.0.9").fingerprint())
        .isNotEqualTo(a);
    assertThat(space("11434,8080", "127.0.0.0/30", "localhost", "127.0.0.9").fingerprint())
        .isNotEqualTo(a);
    TargetSpace excluded =
        TargetSpace.builder()
            .ports(PortList.parse("11434,8080"))
            .exclusions(Exclusions.parse("127.0.0.1"))
            .arguments(List.of("127.0.0.0/31", "localhost", "127.0.0.9"))
            .build();
    assertThat(excluded.fingerprint()).isNotEqualTo(a);
  }

  @Test
  void refusesToResumeWithOtherInputs() throws Exception {
    Path file = dir.resolve("cp.json");
    space("11434", "127.0.0.0/24").generator(5, Shard.ALL).checkpoint().at(3).write(file);
    Checkpoint checkpoint = Checkpoint.read(file);
    TargetSpace other = space("11434,8080", "127.0.0.0/24");
    assertThatThrownBy(
            () -> checkpoint.resume(other, file.toString(), Optional.empty(), OptionalLong.empty()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(
            "cannot resume from "
                + file
                + ": the targets, ports or exclusions differ from the scan that wrote it (inputs ")
        .hasMessageEndingWith(" now); give the same inputs, or start a new scan without --resume");
    TargetSpace same = space("11434", "127.0.0.0/24");
    assertThatThrownBy(
            () ->
                checkpoint.resume(
                    same, file.toString(), Optional.of(new Shard(1, 2)), OptionalLong.empty()))
        .hasMessage("cannot resume from " + file + ": it is for shard 1/1, not 1/2");
    assertThatThrownBy(
            () -> checkpoint.resume(same, file.toString(), Optional.empty(), OptionalLong.of(6)))
        .hasMessage("cannot resume from " + file + ": it was written with --seed 5, not 6");
    assertThat(
            checkpoint
                .resume(same, file.toString(), Optional.of(Shard.ALL), OptionalLong.of(5))
                .position())
        .isEqualTo(3);
  }

  @Test
  void damagedFilesAreNamed() throws Exception {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, "{\"format\":1,\"seed\":5");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("checkpoint " + file + " is damaged: ");
    Files.writeString(
        file,
        "{\"format\":2,\"seed\":5,\"shard\":\"1/1\",\"fingerprint\":\"ab\",\"position\":0,\"size\":1}");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .hasMessage("checkpoint " + file + " has format 2; this corral reads format 1");
    Files.writeString(
        file,
        "{\"format\":1,\"seed\":5,\"shard\":\"1/1\",\"fingerprint\":\"ab\",\"position\":9,\"size\":1}");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .hasMessage("checkpoint " + file + " is damaged: position 9 of 1");
    Files.writeString(file, "{\"format\":1,\"shard\":\"1/1\",\"fingerprint\":\"ab\"}");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .hasMessage("checkpoint " + file + " is damaged: 'seed' is missing");
    assertThatThrownBy(() -> Checkpoint.read(dir.resolve("none.json")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
