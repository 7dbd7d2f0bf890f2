package dev.corral.gateway.config;

import java.time.Duration;

/**
 * The {@code limits:} section: sizes, timeouts and stream caps.
 *
 * @param maxJsonBody bytes a JSON request body may have (413 beyond)
 * @param maxBlobBody bytes a blob upload may have
 * @param maxHeaderSize bytes of request line plus header fields (431 beyond)
 * @param headerTimeout the whole request head must arrive within this (slowloris)
 * @param idleTimeout a keep-alive connection with no request in flight is closed after this
 * @param upstreamTimeout how long the upstream may take to start answering (504 beyond)
 * @param maxStreamsPerKey concurrent streaming responses per key
 * @param maxStreams concurrent streaming responses in all
 * @param maxConnections client connections open at once; new ones beyond are closed at once (0 = no
 *     cap)
 * @param maxBodyMemory bytes of request bodies held at once over all connections while they are
 *     read, judged and sent (503 beyond): without it, many slow 32 MiB bodies use up the memory the
 *     event loops read into
 * @param maxConnectionsPerIp client connections open at once from one IP address (0 = no cap), so
 *     that one host cannot take every connection slot
 */
public record Limits(
    long maxJsonBody,
    long maxBlobBody,
    int maxHeaderSize,
    Duration headerTimeout,
    Duration idleTimeout,
    Duration upstreamTimeout,
    int maxStreamsPerKey,
    int maxStreams,
    int maxConnections,
    long maxBodyMemory,
    int maxConnectionsPerIp) {

  /** The default cap on client connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 4096;

  /** The default cap on client connections from one IP address: an eighth of all of them. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 512;

  /** Limits with the default cap per IP address. */
  public Limits(
      long maxJsonBody,
      long maxBlobBody,
      int maxHeaderSize,
      Duration headerTimeout,
      Duration idleTimeout,
      Duration upstreamTimeout,
      int maxStreamsPerKey,
      int maxStreams,
      int maxConnections,
      long maxBodyMemory) {
    this(
        maxJsonBody,
        maxBlobBody,
        maxHeaderSize,
        headerTimeout,
        idleTimeout,
        upstreamTimeout,
        maxStreamsPerKey,
        maxStreams,
        maxConnections,
        maxBodyMemory,
        DEFAULT_MAX_CONNECTIONS_PER_IP);
  }

  /** The most {@link #defaultBodyMemory} gives. */
  public static final long DEFAULT_MAX_BODY_MEMORY = 512L << 20;

  /** Limits with the default body memory. */
  public Limits(
      long maxJsonBody,
      long maxBlobBody,
      int maxHeaderSize,
      Duration headerTimeout,
      Duration idleTimeout,
      Duration upstreamTimeout,
      int maxStreamsPerKey,
      int maxStreams,
      int maxConnections) {
    this(
        maxJsonBody,
        maxBlobBody,
        maxHeaderSize,
        headerTimeout,
        idleTimeout,
        upstreamTimeout,
        maxStreamsPerKey,
        maxStreams,
        maxConnections,
        defaultBodyMemory(maxJsonBody));
  }

  /** Limits with the default connection cap. */
  public Limits(
      long maxJsonBody,
      long maxBlobBody,
      int maxHeaderSize,
      Duration headerTimeout,
      Duration idleTimeout,
      Duration upstreamTimeout,
      int maxStreamsPerKey,
      int maxStreams) {
    this(
        maxJsonBody,
        maxBlobBody,
        maxHeaderSize,
        headerTimeout,
        idleTimeout,
        upstreamTimeout,
        maxStreamsPerKey,
        maxStreams,
        DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * A quarter of the memory the JVM lets Netty read into (by default as much as the heap), at most
   * 512 MiB, and never less than one whole JSON body.
   */
  public static long defaultBodyMemory(long maxJsonBody) {
    long direct = io.netty.util.internal.PlatformDependent.maxDirectMemory();
    long quarter = direct > 0 ? direct / 4 : DEFAULT_MAX_BODY_MEMORY;
    return Math.max(maxJsonBody, Math.min(DEFAULT_MAX_BODY_MEMORY, quarter));
  }

  public static Limits defaults() {
    return new Limits(
        32L << 20,
        256L << 30,
        16 << 10,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofSeconds(600),
        8,
        512);
  }
}
