package org.fedra.privacy.dp;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A noisy release of real values on a grid: value {@code i} is {@code gridPoints[i] × resolution}
 * exactly. Releasing grid points (integers) instead of noisy doubles is what keeps the noise
 * free of floating-point artefacts.
 *
 * @param gridPoints the released integers
 * @param resolution the grid spacing
 * @param guarantee the (ε, δ) guarantee of this release (δ as requested from the mechanism)
 */
public record GridRelease(long[] gridPoints, BigDecimal resolution, EpsilonDelta guarantee) {
    public GridRelease {
        gridPoints = gridPoints.clone();
    }

    @Override
    public long[] gridPoints() {
        return gridPoints.clone();
    }

    /** The released values as doubles (nearest double of each exact grid value). */
    public double[] values() {
        double[] out = new double[gridPoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = exactValue(i).doubleValue();
        }
        return out;
    }

    /** The exact released value {@code i}. */
    public BigDecimal exactValue(int i) {
        return new BigDecimal(BigInteger.valueOf(gridPoints[i])).multiply(resolution);
    }
}
