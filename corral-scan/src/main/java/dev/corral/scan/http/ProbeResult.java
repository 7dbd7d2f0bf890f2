package dev.corral.scan.http;

/**
 * A request and its outcome: a response, or the reason there is none ({@code timeout}, {@code
 * closed}, {@code not-http}, {@code refused}, ...).
 */
public record ProbeResult(ProbeRequest request, ProbeResponse response, String failure) {

  public static ProbeResult of(ProbeRequest request, ProbeResponse response) {
    return new ProbeResult(request, response, null);
  }

  public static ProbeResult failed(ProbeRequest request, String failure) {
    return new ProbeResult(request, null, failure);
  }

  public boolean answered() {
    return response != null;
  }

  public int status() {
    return response == null ? 0 : response.status();
  }

  /** The body as text, or empty when there was no answer. */
  public String text() {
    return response == null ? "" : response.text();
  }
}
