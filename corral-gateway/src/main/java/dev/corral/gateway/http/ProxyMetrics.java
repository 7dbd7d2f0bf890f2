package dev.corral.gateway.http;

/**
 * What the data path reports besides audit events (which carry requests, decisions and tokens):
 * upstream latency and open streams. Called on event loops; implementations must not block.
 */
public interface ProxyMetrics {

  /** Time from sending a request upstream to the upstream's response head. */
  void upstreamLatency(String route, long nanos);

  void streamOpened();

  void streamClosed();

  /** Reports nothing. */
  ProxyMetrics NONE =
      new ProxyMetrics() {
        @Override
        public void upstreamLatency(String route, long nanos) {}

        @Override
        public void streamOpened() {}

        @Override
        public void streamClosed() {}
      };
}
