package dev.corral.lab.config;

import dev.corral.lab.persona.Persona;
import java.net.InetSocketAddress;

/** A persona and the loopback address it listens on. */
public record HostSpec(Persona persona, InetSocketAddress address) {}
