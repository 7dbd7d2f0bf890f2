/**
 * {@code corral audit} and {@code corral harden}: is an Ollama deployment exposed, and does its fix
 * really work? Checks of the local machine, of container definitions and of the deployment from the
 * outside, each with a stable id (docs/checks.md), a severity, evidence and the exact remediation;
 * and the fixed configuration files for what failed.
 */
package dev.corral.audit;
