package dev.corral.gateway;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.audit.AuditSink;
import java.util.List;

/** Hands every event to each of several sinks; closes them all, in order. */
public final class AuditFanOut implements AuditSink {
  private final List<AuditSink> sinks;

  public AuditFanOut(List<AuditSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void record(AuditEvent event) {
    for (AuditSink sink : sinks) {
      sink.record(event);
    }
  }

  @Override
  public void close() {
    for (AuditSink sink : sinks) {
      sink.close();
    }
  }
}
