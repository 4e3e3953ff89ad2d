package org.fedra.learn.regression;

/**
 * Tail probabilities and quantiles of the standard normal and Student t distributions, from the
 * regularised incomplete gamma and beta functions (continued fractions, accurate to about 1e-14).
 */
public final class Distributions {
    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 10_000;

    private Distributions() {
    }

    /** P(|Z| &ge; |z|) for a standard normal Z: erfc(|z|/sqrt 2) = Q(1/2, z<sup>2</sup>/2). */
    public static double normalTwoSidedP(double z) {
        requireFinite(z, "z");
        return regularizedGammaQ(0.5, z * z / 2.0);
    }

    /** P(|T| &ge; |t|) for Student t with df degrees of freedom: I<sub>df/(df+t<sup>2</sup>)</sub>(df/2, 1/2). */
    public static double studentTwoSidedP(double t, double df) {
        requireFinite(t, "t");
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("degrees of freedom must be positive and finite, was " + df);
        }
        return regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /** The c with P(|Z| &ge; c) = alpha, e.g. 1.959963984540054 for alpha = 0.05. */
    public static double normalTwoSidedCritical(double alpha) {
        return invertDecreasing(Distributions::normalTwoSidedP, alpha);
    }

    /** The c with P(|T| &ge; c) = alpha for Student t with df degrees of freedom. */
    public static double studentTwoSidedCritical(double alpha, double df) {
        return invertDecreasing(t -> studentTwoSidedP(t, df), alpha);
    }

    /** ln Gamma(x) for x &gt; 0 (Lanczos approximation as in Numerical Recipes, 3rd ed., ~1e-15). */
    public static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, was " + x);
        }
        double[] cof = {57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
            -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
            -.261908384015814087e-4, .368991826595316234e-5};
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double c : cof) {
            ser += c / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }

    /** Regularised upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a). */
    public static double regularizedGammaQ(double a, double x) {
        if (!(a > 0) || x < 0) {
            throw new IllegalArgumentException("Q(a, x) needs a > 0 and x >= 0, was a=" + a + ", x=" + x);
        }
        if (x == 0) {
            return 1.0;
        }
        double prefactor = Math.exp(-x + a * Math.log(x) - lnGamma(a));
        if (x < a + 1) {
            double term = 1.0 / a;
            double sum = term;
            double ap = a;
            for (int n = 0; n < MAX_TERMS; n++) {
                ap += 1;
                term *= x / ap;
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    return 1.0 - sum * prefactor;
                }
            }
            throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
        }
        // Lentz's continued fraction for Q
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_TERMS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) d = TINY;
            c = b + an / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return prefactor * h;
            }
        }
        throw new ArithmeticException("incomplete gamma fraction did not converge for a=" + a + ", x=" + x);
    }

    /** Regularised incomplete beta I<sub>x</sub>(a, b). */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0) || !(b > 0) || x < 0 || x > 1 || Double.isNaN(x)) {
            throw new IllegalArgumentException("I_x(a, b) needs a, b > 0 and 0 <= x <= 1, was x=" + x
                    + ", a=" + a + ", b=" + b);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only on this side; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a)
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1.0 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < TINY) d = TINY;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_TERMS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta fraction did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    private static double invertDecreasing(java.util.function.DoubleUnaryOperator tail, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie strictly between 0 and 1, was " + alpha);
        }
        double lo = 0;
        double hi = 1;
        while (tail.applyAsDouble(hi) > alpha) {
            lo = hi;
            hi *= 2;
        }
        // bisection to the last representable digit: robust, and cheap for the few quantiles a table needs
        for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (tail.applyAsDouble(mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite, was " + v);
        }
    }
}
