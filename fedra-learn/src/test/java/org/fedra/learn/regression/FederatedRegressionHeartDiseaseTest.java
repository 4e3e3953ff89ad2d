package org.fedra.learn.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the four heart-disease sites as four nodes. Federated fits (one LocalContribution per site per
 * iteration, summed) must equal pooled single-process fits on the same rows. Agreement is checked as
 * |federated - pooled| &le; 1e-6 * max(1, |pooled|): absolute below 1, relative above.
 */
class FederatedRegressionHeartDiseaseTest {
    private static final List<String> LOGISTIC_PREDICTORS =
            List.of("age", "sex", "cp", "trestbps", "chol", "thalach", "exang", "oldpeak");
    private static final List<String> LINEAR_PREDICTORS = List.of("age", "sex", "trestbps", "chol");
    private static final double TOLERANCE = 1e-6;

    @Test
    void federatedLogisticRegressionEqualsPooledIrls() throws IOException {
        List<String> columns = new ArrayList<>(LOGISTIC_PREDICTORS);
        columns.add("num");
        Map<String, HeartDiseaseSites.Site> sites = HeartDiseaseSites.load(columns);
        Map<String, Integer> used = new LinkedHashMap<>();
        sites.forEach((name, site) -> used.put(name, site.usedRows()));
        System.out.println("rows used per site (logistic): " + used);
        // chol is 0 (not measured) for every Swiss patient, so that node contributes no rows
        assertThat(used).containsExactly(Map.entry("cleveland", 303), Map.entry("hungarian", 270),
                Map.entry("switzerland", 0), Map.entry("va", 99));

        List<double[][]> siteX = new ArrayList<>();
        List<double[]> siteY = new ArrayList<>();
        for (HeartDiseaseSites.Site site : sites.values()) {
            siteX.add(predictors(site.columns(), LOGISTIC_PREDICTORS.size()));
            siteY.add(Arrays.stream(site.columns()).mapToDouble(r -> r[LOGISTIC_PREDICTORS.size()] > 0 ? 1 : 0).toArray());
        }

        FederatedNewton hub = new FederatedNewton(RegressionFamily.LOGISTIC, LOGISTIC_PREDICTORS, 50);
        int[] rounds = {0};
        RegressionResult federated = hub.fit(beta -> {
            rounds[0]++;
            List<LocalContribution> perSite = new ArrayList<>();
            for (int s = 0; s < siteX.size(); s++) {
                perSite.add(LocalContribution.logistic(siteX.get(s), siteY.get(s), beta));
            }
            return LocalContribution.sum(perSite);
        });
        System.out.println(federated.toTable());

        PooledReference.Fit pooled = PooledReference.logisticIrls(concat(siteX), concatY(siteY));
        double coefDiff = maxDiff(federated.coefficients(), pooled.coefficients());
        double seDiff = maxDiff(federated.standardErrors(), pooled.standardErrors());
        System.out.printf("logistic: max |federated - pooled| coefficient %.3e, standard error %.3e (%d rounds, pooled %d iterations)%n",
                coefDiff, seDiff, rounds[0], pooled.iterations());

        assertThat(federated.converged()).isTrue();
        assertThat(federated.n()).isEqualTo(672);
        assertAgree(federated.coefficients(), pooled.coefficients(), "coefficient");
        assertAgree(federated.standardErrors(), pooled.standardErrors(), "standard error");
        int sex = 2;
        int cp = 3;
        int exang = 7;
        int oldpeak = 8;
        int thalach = 6;
        assertThat(federated.coefficients()[sex]).as("male sex raises the odds of disease").isPositive();
        assertThat(federated.coefficients()[cp]).as("higher chest pain type (4 = asymptomatic)").isPositive();
        assertThat(federated.coefficients()[exang]).as("exercise-induced angina").isPositive();
        assertThat(federated.coefficients()[oldpeak]).as("ST depression").isPositive();
        assertThat(federated.coefficients()[thalach]).as("higher max heart rate is protective").isNegative();
        for (int i = 0; i < federated.terms().size(); i++) {
            assertThat(federated.lower()[i]).isLessThan(federated.coefficients()[i]);
            assertThat(federated.upper()[i]).isGreaterThan(federated.coefficients()[i]);
            assertThat(federated.pValues()[i]).isBetween(0.0, 1.0);
        }
        assertThat(federated.toTable()).contains("z value", "p-value", "2.5 %", "97.5 %", "(Intercept)", "oldpeak",
                "Converged after");
    }

    @Test
    void federatedLinearRegressionEqualsPooledNormalEquations() throws IOException {
        List<String> columns = new ArrayList<>(LINEAR_PREDICTORS);
        columns.add("thalach");
        Map<String, HeartDiseaseSites.Site> sites = HeartDiseaseSites.load(columns);
        Map<String, Integer> used = new LinkedHashMap<>();
        sites.forEach((name, site) -> used.put(name, site.usedRows()));
        System.out.println("rows used per site (linear): " + used);
        assertThat(used).containsExactly(Map.entry("cleveland", 303), Map.entry("hungarian", 270),
                Map.entry("switzerland", 0), Map.entry("va", 102));

        List<double[][]> siteX = new ArrayList<>();
        List<double[]> siteY = new ArrayList<>();
        for (HeartDiseaseSites.Site site : sites.values()) {
            siteX.add(predictors(site.columns(), LINEAR_PREDICTORS.size()));
            siteY.add(Arrays.stream(site.columns()).mapToDouble(r -> r[LINEAR_PREDICTORS.size()]).toArray());
        }
        RegressionResult federated = new FederatedNewton(RegressionFamily.LINEAR, LINEAR_PREDICTORS, 1).fit(beta -> {
            List<LocalContribution> perSite = new ArrayList<>();
            for (int s = 0; s < siteX.size(); s++) {
                perSite.add(LocalContribution.linear(siteX.get(s), siteY.get(s), LINEAR_PREDICTORS.size()));
            }
            return LocalContribution.sum(perSite);
        });
        System.out.println(federated.toTable());

        PooledReference.Fit pooled = PooledReference.linearNormalEquations(concat(siteX), concatY(siteY));
        System.out.printf("linear: max |federated - pooled| coefficient %.3e, standard error %.3e%n",
                maxDiff(federated.coefficients(), pooled.coefficients()),
                maxDiff(federated.standardErrors(), pooled.standardErrors()));
        assertAgree(federated.coefficients(), pooled.coefficients(), "coefficient");
        assertAgree(federated.standardErrors(), pooled.standardErrors(), "standard error");
        assertThat(federated.coefficients()[1]).as("max heart rate falls with age").isNegative();
        assertThat(federated.toTable()).contains("t value", "degrees of freedom");
    }

    private static void assertAgree(double[] federated, double[] pooled, String what) {
        for (int i = 0; i < pooled.length; i++) {
            assertThat(Math.abs(federated[i] - pooled[i]))
                    .as("%s %d: federated %s vs pooled %s", what, i, federated[i], pooled[i])
                    .isLessThanOrEqualTo(TOLERANCE * Math.max(1.0, Math.abs(pooled[i])));
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    private static double[][] predictors(double[][] rows, int k) {
        return Arrays.stream(rows).map(r -> Arrays.copyOf(r, k)).toArray(double[][]::new);
    }

    private static double[][] concat(List<double[][]> parts) {
        return parts.stream().flatMap(Arrays::stream).toArray(double[][]::new);
    }

    private static double[] concatY(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
