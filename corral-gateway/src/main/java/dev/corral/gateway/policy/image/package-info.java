/**
 * The check that images handed to vision models are real images ({@link
 * dev.corral.gateway.policy.image.ImageCheck}), the virtual patch {@code chat-image-validation}.
 */
package dev.corral.gateway.policy.image;
