package org.fedra.learn.fl;

import java.util.List;

/**
 * What a node's evaluation vector holds, segment by segment, and how the SUM of every node's vector (what secure
 * aggregation reveals) becomes metrics. The hub sizes the evaluation's secure sum by {@link #length()}.
 */
public interface MetricLayout {
    /**
     * One named run of entries of the evaluation vector.
     *
     * @param name   e.g. {@code lossSum} or {@code positiveHistogram}
     * @param length entries, {@code >= 1}
     */
    record Segment(String name, int length) {
        public Segment {
            if (length < 1) {
                throw new IllegalArgumentException("segment " + name + " has length " + length);
            }
        }
    }

    /** The segments, in order. */
    List<Segment> segments();

    /** Length of the evaluation vector. */
    default int length() {
        return segments().stream().mapToInt(Segment::length).sum();
    }

    /**
     * The metrics of pooled (summed) evaluation vectors.
     *
     * @throws IllegalArgumentException if the vector does not have {@link #length()} entries or holds no examples
     */
    PooledMetrics summarise(double[] pooledSums);
}
