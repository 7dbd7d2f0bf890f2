/** Checks, their outcomes and the report with its 0-100 hardening score. */
package dev.corral.audit.check;
