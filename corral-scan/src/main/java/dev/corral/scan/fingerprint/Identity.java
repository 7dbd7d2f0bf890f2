package dev.corral.scan.fingerprint;

import dev.corral.core.scan.AuthStatus;

/**
 * What answers on a port.
 *
 * @param product {@code ollama}, a look-alike's name, {@code honeypot}, {@code http}, or null
 * @param ollama the genuine Ollama API answers (directly or through a front)
 * @param confidence 0 to 1
 * @param auth whether credentials are required
 */
public record Identity(String product, boolean ollama, double confidence, AuthStatus auth) {}
