package dev.corral.gateway.http;

/** The exchange a pooled upstream connection currently serves; called on its event loop. */
interface UpstreamListener {

  /** An HttpResponse, HttpContent or LastHttpContent; the listener owns (releases) it. */
  void upstreamRead(Object message);

  /** The end of one read from the socket: a good moment to flush what was passed on. */
  void upstreamReadComplete();

  /** The connection closed or failed before the exchange let it go. */
  void upstreamClosed(Throwable cause);

  /** The connection can take more request bytes again (or cannot). */
  void upstreamWritabilityChanged(boolean writable);
}
