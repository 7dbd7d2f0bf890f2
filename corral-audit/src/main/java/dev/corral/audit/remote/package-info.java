/** Remote checks: a running deployment probed from the outside, without side effects. */
package dev.corral.audit.remote;
