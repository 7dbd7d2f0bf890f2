/** Version checks against corral-core's advisory database, shared by local and remote audits. */
package dev.corral.audit.advisory;
