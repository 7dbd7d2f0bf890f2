/** Audit reports as text, JSON and SARIF 2.1.0. */
package dev.corral.audit.output;
