package dev.corral.gateway;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.audit.AuditSink;
import java.util.List;

/** Adds every audit event to a list the test reads (a thread-safe one: events come from loops). */
final class CollectingAuditSink implements AuditSink {
  private final List<AuditEvent> into;

  CollectingAuditSink(List<AuditEvent> into) {
    this.into = into;
  }

  @Override
  public void record(AuditEvent event) {
    into.add(event);
  }

  @Override
  public void close() {}
}
