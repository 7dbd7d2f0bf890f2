/**
 * The streaming GGUF check of blob uploads ({@link dev.corral.gateway.policy.gguf.GgufInspector}),
 * the virtual patch {@code blob-gguf-validation}.
 */
package dev.corral.gateway.policy.gguf;
