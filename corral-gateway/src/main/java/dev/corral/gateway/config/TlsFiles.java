package dev.corral.gateway.config;

import java.nio.file.Path;
import java.util.Objects;

/** The PEM certificate chain and private key the gateway terminates TLS with. */
public record TlsFiles(Path cert, Path key) {

  public TlsFiles {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
  }
}
