/**
 * What to scan: target expressions ({@link dev.corral.scan.target.TargetSpace}), exclusions ({@link
 * dev.corral.scan.target.Exclusions}, {@link dev.corral.scan.target.ReservedRanges}) and their
 * lazy, shuffled, shardable, resumable enumeration ({@link dev.corral.scan.target.TargetGenerator},
 * {@link dev.corral.scan.target.Checkpoint}).
 *
 * <p>Nothing here resolves a name or opens a socket: host names are parsed and carried, and the
 * engine resolves them when it probes.
 */
package dev.corral.scan.target;
