/**
 * Model names as Ollama reads them ({@link dev.corral.gateway.policy.model.ModelName}) and the
 * per-key allowlists matched against their canonical form ({@link
 * dev.corral.gateway.policy.model.ModelGlobs}).
 */
package dev.corral.gateway.policy.model;
