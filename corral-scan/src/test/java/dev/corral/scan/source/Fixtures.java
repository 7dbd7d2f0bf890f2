package dev.corral.scan.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The hand-written fixtures beside this class, and gzip copies of them. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path gzip(Path source, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      in.transferTo(out);
    }
    return target;
  }
}
