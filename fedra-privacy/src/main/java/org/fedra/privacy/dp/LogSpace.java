package org.fedra.privacy.dp;

/**
 * Log-space arithmetic and {@code log erfc}, needed by the RDP computations whose terms over-
 * and underflow doubles long before the result does.
 */
final class LogSpace {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private LogSpace() {
    }

    /** {@code log(e^x + e^y)}. */
    static double add(double x, double y) {
        double a = Math.min(x, y);
        double b = Math.max(x, y);
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        return Math.log1p(Math.exp(a - b)) + b;
    }

    /** {@code log(e^x - e^y)} for {@code x >= y}. */
    static double subtract(double x, double y) {
        if (x < y) {
            throw new ArithmeticException("log-space subtraction would be negative: " + x + " < " + y);
        }
        if (y == Double.NEGATIVE_INFINITY) {
            return x;
        }
        if (x == y) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = Math.expm1(x - y);
        return Double.isInfinite(d) ? x : Math.log(d) + y;
    }

    /** {@code log(erfc(x))}, accurate to near double precision also far in the tail. */
    static double logErfc(double x) {
        if (x < 0) {
            return Math.log(2 - Math.exp(logErfc(-x)));
        }
        if (x < 2.5) {
            return Math.log1p(-erfSeries(x));
        }
        // erfc(x) = e^{-x²}/(√π · K(x)), K the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))
        return -x * x - LOG_SQRT_PI - Math.log(continuedFraction(x));
    }

    /** erf by the everywhere-positive series {@code 2/√π e^{-x²} Σ x (2x²)^n / (2n+1)!!}. */
    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        double twoX2 = 2 * x * x;
        for (int n = 1; n < 500; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** Modified Lentz evaluation of {@code x + a1/(x + a2/(x + ...))} with {@code a_n = n/2}. */
    private static double continuedFraction(double x) {
        final double tiny = 1e-300;
        double f = x;
        double c = f;
        double d = 0;
        for (int n = 1; n < 10_000; n++) {
            double a = n / 2.0;
            d = x + a * d;
            if (d == 0) {
                d = tiny;
            }
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return f;
    }
}
