package org.fedra.privacy.dp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact non-negative rational number {@code numerator / denominator} in lowest terms.
 *
 * <p>The discrete samplers take their parameters as rationals so that every comparison they
 * make is exact: floating-point parameters are what made the textbook Laplace mechanism
 * attackable (Mironov 2012). A {@code double} converts exactly, because every finite double is
 * a dyadic rational.
 */
public final class Rational implements Comparable<Rational> {
    /** Zero. */
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    /** One. */
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Rational(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /**
     * The rational {@code numerator / denominator}.
     *
     * @throws IllegalArgumentException if the numerator is negative or the denominator not positive
     */
    public static Rational of(BigInteger numerator, BigInteger denominator) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive, was " + denominator);
        }
        if (numerator.signum() < 0) {
            throw new IllegalArgumentException("rational must be non-negative, was " + numerator + "/" + denominator);
        }
        BigInteger g = numerator.gcd(denominator);
        if (g.signum() == 0 || g.equals(BigInteger.ONE)) {
            return new Rational(numerator, denominator);
        }
        return new Rational(numerator.divide(g), denominator.divide(g));
    }

    /** The rational {@code numerator / denominator}. */
    public static Rational of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** The integer {@code value}. */
    public static Rational of(long value) {
        return of(BigInteger.valueOf(value), BigInteger.ONE);
    }

    /**
     * The exact value of a finite non-negative double.
     *
     * @throws IllegalArgumentException if {@code value} is negative, infinite or NaN
     */
    public static Rational ofExact(double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("expected a finite non-negative number, was " + value);
        }
        return ofExact(new BigDecimal(value));
    }

    /**
     * The value of the shortest decimal that round-trips to {@code value} ({@link BigDecimal#valueOf(double)}):
     * 0.1 becomes 1/10, not the binary fraction nearest to it. Parameters given this way keep the
     * exact samplers on their fast integer paths.
     */
    public static Rational ofDecimal(double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("expected a finite non-negative number, was " + value);
        }
        return ofExact(BigDecimal.valueOf(value));
    }

    /** The exact value of a non-negative decimal. */
    public static Rational ofExact(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("expected a non-negative number, was " + value);
        }
        BigInteger unscaled = value.unscaledValue();
        int scale = value.scale();
        if (scale <= 0) {
            return of(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
        }
        return of(unscaled, BigInteger.TEN.pow(scale));
    }

    public BigInteger numerator() {
        return numerator;
    }

    public BigInteger denominator() {
        return denominator;
    }

    public Rational add(Rational o) {
        return of(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    /** {@code this - o}; the result must not be negative. */
    public Rational subtract(Rational o) {
        return of(numerator.multiply(o.denominator).subtract(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Rational multiply(Rational o) {
        return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    /** {@code this / o}; {@code o} must not be zero. */
    public Rational divide(Rational o) {
        if (o.numerator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    /** The largest integer not above this value. */
    public BigInteger floor() {
        return numerator.divide(denominator);
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    /** Nearest double, for reporting only; never used to decide anything. */
    public double doubleValue() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rational r && numerator.equals(r.numerator) && denominator.equals(r.denominator);
    }

    @Override
    public int hashCode() {
        return numerator.hashCode() * 31 + denominator.hashCode();
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
