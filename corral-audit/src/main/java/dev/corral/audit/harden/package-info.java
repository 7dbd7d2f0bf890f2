/** {@code corral harden}: the fixed configuration for what the audit found. */
package dev.corral.audit.harden;
