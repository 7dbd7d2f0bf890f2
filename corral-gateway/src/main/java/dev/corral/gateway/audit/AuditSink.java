package dev.corral.gateway.audit;

/**
 * Where audit events go. {@link #record} is called on the event loop and must not block: sinks
 * queue and write in the background. {@link #close} writes everything queued (no record is lost on
 * a clean shutdown).
 */
public interface AuditSink extends AutoCloseable {

  void record(AuditEvent event);

  @Override
  void close();
}
