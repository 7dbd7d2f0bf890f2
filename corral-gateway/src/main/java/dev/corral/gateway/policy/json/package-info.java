/**
 * Strict reading of request bodies: only JSON every reader agrees on reaches the policy ({@link
 * dev.corral.gateway.policy.json.StrictJson}).
 */
package dev.corral.gateway.policy.json;
