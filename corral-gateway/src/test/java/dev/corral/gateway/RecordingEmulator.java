package dev.corral.gateway;

import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab's real Ollama emulator, with a record of what reached it: every request ("METHOD target")
 * and, for streamed answers, how many chunks it produced and when each stream ended (finished or
 * cut off by the client going away).
 */
public final class RecordingEmulator implements Emulator {
  private final Emulator delegate;
  public final List<String> requests = new CopyOnWriteArrayList<>();
  public final List<LabRequest> full = new CopyOnWriteArrayList<>();
  public final AtomicInteger chunksProduced = new AtomicInteger();
  public final AtomicInteger streamsEnded = new AtomicInteger();

  public RecordingEmulator(Emulator delegate) {
    this.delegate = delegate;
  }

  @Override
  public LabResponse handle(LabRequest request) {
    requests.add(request.method() + " " + request.target());
    full.add(request);
    LabResponse response = delegate.handle(request);
    if (response.isStreaming()) {
      Iterator<LabResponse.Chunk> chunks = response.stream();
      response.stream(
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return chunks.hasNext();
            }

            @Override
            public LabResponse.Chunk next() {
              chunksProduced.incrementAndGet();
              return chunks.next();
            }
          });
      Runnable previous = response.onStreamEnd();
      response.onStreamEnd(
          () -> {
            if (previous != null) {
              previous.run();
            }
            streamsEnded.incrementAndGet();
          });
    }
    return response;
  }

  @Override
  public Persona persona() {
    return delegate.persona();
  }
}
