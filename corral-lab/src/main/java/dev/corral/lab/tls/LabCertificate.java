package dev.corral.lab.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.time.Duration;
import java.time.Instant;

/**
 * The one self-signed certificate every TLS persona of a lab process presents, made when the first
 * one starts (an EC P-256 key takes milliseconds). It names {@code localhost} and {@code
 * 127.0.0.1}; clients practise with {@code curl -k} or trust {@link #pem()}.
 */
public final class LabCertificate {
  private static volatile LabCertificate instance;

  private final X509Bundle bundle;
  private final SslContext server;

  private LabCertificate(X509Bundle bundle, SslContext server) {
    this.bundle = bundle;
    this.server = server;
  }

  /** The process's certificate, created on first use. */
  public static LabCertificate get() {
    LabCertificate c = instance;
    if (c == null) {
      synchronized (LabCertificate.class) {
        c = instance;
        if (c == null) {
          c = create();
          instance = c;
        }
      }
    }
    return c;
  }

  private static LabCertificate create() {
    Instant now = Instant.now();
    try {
      X509Bundle bundle =
          new CertificateBuilder()
              .subject("CN=corral-lab")
              .addSanDnsName("localhost")
              .addSanIpAddress("127.0.0.1")
              .notBefore(now.minus(Duration.ofDays(1)))
              .notAfter(now.plus(Duration.ofDays(365)))
              .ecp256()
              .setIsCertificateAuthority(
                  true) // buildSelfSigned makes a root; clients pin it directly
              .addExtendedKeyUsageServerAuth()
              .buildSelfSigned();
      SslContext context =
          SslContextBuilder.forServer(bundle.getKeyPair().getPrivate(), bundle.getCertificate())
              .build();
      return new LabCertificate(bundle, context);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot make the lab's TLS certificate: " + e.getMessage(), e);
    }
  }

  /** The server side of TLS for lab hosts. */
  public SslContext serverContext() {
    return server;
  }

  /** The certificate in PEM, for clients that want to trust it instead of skipping checks. */
  public String pem() {
    return bundle.getCertificatePEM();
  }
}
