/**
 * Local checks: the machine Ollama runs on, read from a root directory (processes, sockets, systemd
 * units, models, firewall rules).
 */
package dev.corral.audit.local;
