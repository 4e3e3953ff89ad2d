package org.fedra.protocol.analysis.builtin;

/**
 * A record-linkage request.
 *
 * @param countingNode the node that counts the overlaps, or null for the first participating node
 */
public record LinkageSpec(String countingNode) {}
