package dev.corral.lab;

import dev.corral.lab.lookalike.LookalikeEmulator;
import dev.corral.lab.ollama.OllamaEmulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.time.Clock;

/** Something that answers HTTP requests like a given product: Ollama, or a look-alike. */
public interface Emulator {
  LabResponse handle(LabRequest request);

  Persona persona();

  /** The emulator for a persona's product. */
  static Emulator of(Persona persona, Clock clock) {
    return persona.product().equals(Persona.OLLAMA)
        ? new OllamaEmulator(persona, clock)
        : new LookalikeEmulator(persona, clock);
  }
}
