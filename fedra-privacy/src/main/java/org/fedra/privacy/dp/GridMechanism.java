package org.fedra.privacy.dp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * Differential privacy for real-valued queries without floating-point noise: each value is
 * rounded to the nearest multiple of a stated {@code resolution} γ (exact decimal arithmetic,
 * ties towards +∞), discrete noise is added to the grid index, and the grid index is released
 * ({@link GridRelease}).
 *
 * <p>Rounding can move neighbouring values apart, so the integer sensitivity is bounded
 * conservatively: a scalar with real sensitivity Δ moves by at most {@code ceil(Δ/γ)} grid
 * steps (|round(a) - round(b)| < |a - b| + 1); a d-vector by at most
 * {@code ceil(Δ1/γ) + d - 1} in L1 and {@code Δ2/γ + √d} in L2. Choose γ well below Δ/√d so the
 * rounding term is small.
 */
public final class GridMechanism {
    private final BigDecimal resolution;
    private final int dimension;
    private final DiscreteLaplaceMechanism laplace;
    private final DiscreteGaussianMechanism gaussian;

    private GridMechanism(BigDecimal resolution, int dimension, DiscreteLaplaceMechanism laplace,
                          DiscreteGaussianMechanism gaussian) {
        this.resolution = resolution;
        this.dimension = dimension;
        this.laplace = laplace;
        this.gaussian = gaussian;
    }

    /**
     * Discrete Laplace on the grid: {@code (ε, 0)}-DP for a d-vector of L1 sensitivity {@code l1Sensitivity}.
     */
    public static GridMechanism laplace(double resolution, int dimension, double l1Sensitivity, double epsilon) {
        BigDecimal gamma = checkResolution(resolution);
        checkDimension(dimension);
        checkSensitivity(l1Sensitivity);
        long gridL1 = upper(l1Sensitivity).divide(gamma, 0, RoundingMode.CEILING).longValueExact()
                + dimension - 1;
        return new GridMechanism(gamma, dimension, new DiscreteLaplaceMechanism(epsilon, Math.max(1, gridL1)), null);
    }

    /**
     * Discrete Gaussian on the grid with noise standard deviation {@code sigma} in the units of the
     * values: {@code ρ}-zCDP with {@code ρ = Δ²/(2σ_grid²)}, Δ the grid L2 sensitivity above.
     */
    public static GridMechanism gaussian(double resolution, int dimension, double l2Sensitivity, double sigma) {
        BigDecimal gamma = checkResolution(resolution);
        checkDimension(dimension);
        checkSensitivity(l2Sensitivity);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, was " + sigma);
        }
        double gridL2 = dimension == 1
                ? upper(l2Sensitivity).divide(gamma, 0, RoundingMode.CEILING).doubleValue()
                : Math.nextUp(Math.nextUp(l2Sensitivity / gamma.doubleValue()) + Math.sqrt(dimension));
        Rational gridSigma = Rational.ofDecimal(sigma).divide(Rational.ofExact(gamma));
        return new GridMechanism(gamma, dimension, null,
                new DiscreteGaussianMechanism(gridSigma.multiply(gridSigma), gridL2));
    }

    public BigDecimal resolution() {
        return resolution;
    }

    /** The privacy loss of one release, to charge on a {@link PrivacyBudget}. */
    public RdpCurve cost(double[] orders) {
        return laplace != null ? laplace.cost(orders) : gaussian.cost(orders);
    }

    /** The {@code (ε, δ)} of one release; δ = 0 for the Laplace variant. */
    public EpsilonDelta guarantee(double delta) {
        return laplace != null ? laplace.guarantee() : gaussian.guarantee(delta);
    }

    /**
     * The grid index of {@code value}: {@code floor(value/γ + 1/2)}, computed exactly. Ties go
     * towards +∞ on both signs; rounding half away from zero would break the sensitivity bound.
     */
    public long quantise(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot release a non-finite value: " + value);
        }
        BigDecimal shifted = new BigDecimal(value).add(resolution.divide(BigDecimal.valueOf(2)));
        return shifted.divide(resolution, 0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * Quantises, adds noise and releases.
     *
     * @param values exactly {@code dimension} finite values
     * @param delta the δ at which to state the guarantee of the Gaussian variant
     */
    public GridRelease release(double[] values, double delta, RandomGenerator rng) {
        if (values.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " values, got " + values.length);
        }
        long[] grid = new long[dimension];
        for (int i = 0; i < dimension; i++) {
            grid[i] = quantise(values[i]);
        }
        long[] noisy = laplace != null ? laplace.release(grid, rng) : gaussian.release(grid, rng);
        return new GridRelease(noisy, resolution, guarantee(delta));
    }

    /**
     * Charges one release to {@code budget}, then releases; if the charge is refused
     * ({@link PrivacyBudgetExceededException}) nothing is computed or released.
     */
    public GridRelease release(double[] values, PrivacyBudget budget, RandomGenerator rng) {
        if (values.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " values, got " + values.length);
        }
        budget.charge(cost(budget.orders()));
        return release(values, budget.delta(), rng);
    }

    private static BigDecimal checkResolution(double resolution) {
        if (!(resolution > 0) || Double.isInfinite(resolution)) {
            throw new IllegalArgumentException("grid resolution must be positive and finite, was " + resolution);
        }
        return BigDecimal.valueOf(resolution); // the decimal the caller wrote: 0.01 is exactly 1/100

    }

    /** The larger of a double's exact binary value and its shortest decimal: a safe upper bound either way. */
    private static BigDecimal upper(double x) {
        return new BigDecimal(x).max(BigDecimal.valueOf(x));
    }

    private static void checkDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
    }

    private static void checkSensitivity(double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("sensitivity must be positive and finite, was " + s);
        }
    }
}
