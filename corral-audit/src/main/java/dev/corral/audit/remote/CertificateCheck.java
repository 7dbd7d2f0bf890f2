package dev.corral.audit.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a client that checks certificates would accept the server's: a chain to a trusted root
 * (the JDK's, plus an optional CA file for private CAs), valid now, for the host name in the URL.
 * The probes themselves accept any certificate, so this is the one place trust is judged.
 */
final class CertificateCheck {
  private CertificateCheck() {}

  /**
   * Empty when a checking client accepts the certificate, else why it would not.
   *
   * @param caPem extra trusted roots in PEM, or empty
   */
  static Optional<String> problem(
      InetSocketAddress address, String host, Optional<String> caPem, Duration timeout) {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager(caPem)}, null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot set up certificate checking: " + e.getMessage(), e);
    }
    int millis = (int) timeout.toMillis();
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(address, millis);
      socket.setSoTimeout(millis);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  /** The JDK's trusted roots, then the extra ones: the first to accept the chain wins. */
  private static X509TrustManager trustManager(Optional<String> caPem)
      throws GeneralSecurityException, IOException {
    List<X509TrustManager> managers = new ArrayList<>();
    managers.add(fromKeyStore(null));
    if (caPem.isPresent()) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      int i = 0;
      for (var cert :
          factory.generateCertificates(
              new ByteArrayInputStream(caPem.get().getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new CertificateException("no certificate in the CA file");
      }
      managers.add(fromKeyStore(store));
    }
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        CertificateException first = null;
        for (X509TrustManager m : managers) {
          try {
            m.checkServerTrusted(chain, authType);
            return;
          } catch (CertificateException e) {
            if (first == null) {
              first = e;
            }
          }
        }
        throw first;
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return managers.stream()
            .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
            .toArray(X509Certificate[]::new);
      }
    };
  }

  private static X509TrustManager fromKeyStore(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager m : tmf.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }
}
