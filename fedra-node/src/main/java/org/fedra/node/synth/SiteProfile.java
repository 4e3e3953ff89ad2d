package org.fedra.node.synth;

/**
 * What makes one synthetic hospital differ from another: its patients' age and sex, how common each disease
 * is, how many visits patients make, and how patients answered the research-consent question.
 *
 * @param name                 site name, part of every generated id
 * @param meanAge              mean age in years (normal, clipped to 18..95)
 * @param sdAge                standard deviation of age
 * @param femaleShare          share of female patients
 * @param diabetes             prevalence of type 2 diabetes (E11.9) at the mean age
 * @param hypertension         prevalence of essential hypertension (I10) at the mean age
 * @param coronaryDisease      prevalence of coronary heart disease (I25.1) at the mean age
 * @param copd                 prevalence of COPD (J44.9) at the mean age
 * @param kidneyDisease        prevalence of chronic kidney disease stage 3 (N18.3) at the mean age
 * @param meanEncounters       mean number of encounters per patient (at least one)
 * @param inpatientShare       share of encounters that are inpatient stays
 * @param consentPermitShare   share of patients with a research consent that permits
 * @param consentDenyShare     share of patients with a research consent that denies (the rest have none)
 */
public record SiteProfile(String name, double meanAge, double sdAge, double femaleShare,
                          double diabetes, double hypertension, double coronaryDisease, double copd, double kidneyDisease,
                          double meanEncounters, double inpatientShare, double consentPermitShare, double consentDenyShare) {
    public SiteProfile {
        if (!name.matches("[a-z0-9\\-]{1,24}")) throw new IllegalArgumentException("site name must be 1-24 of [a-z0-9-]: " + name);
        if (consentPermitShare < 0 || consentDenyShare < 0 || consentPermitShare + consentDenyShare > 1) {
            throw new IllegalArgumentException("consent shares must be non-negative and sum to at most 1");
        }
        if (meanEncounters < 1) throw new IllegalArgumentException("meanEncounters must be at least 1");
    }

    /** A university hospital in a city: younger patients, many consents. */
    public static SiteProfile cityUniversity() {
        return new SiteProfile("city-university", 52, 17, 0.52, 0.09, 0.28, 0.07, 0.05, 0.06, 3.0, 0.20, 0.60, 0.10);
    }

    /** A rural general hospital: older patients, more chronic disease, fewer answers to the consent question. */
    public static SiteProfile ruralGeneral() {
        return new SiteProfile("rural-general", 64, 14, 0.50, 0.16, 0.45, 0.12, 0.10, 0.11, 2.0, 0.35, 0.30, 0.15);
    }

    /** A heart centre: mostly male cardiac patients, frequent visits. */
    public static SiteProfile heartCentre() {
        return new SiteProfile("heart-centre", 66, 11, 0.32, 0.22, 0.62, 0.55, 0.08, 0.14, 4.0, 0.50, 0.45, 0.25);
    }

    /** The built-in profiles by name ({@code city-university}, {@code rural-general}, {@code heart-centre}). */
    public static SiteProfile named(String name) {
        return switch (name) {
            case "city-university" -> cityUniversity();
            case "rural-general" -> ruralGeneral();
            case "heart-centre" -> heartCentre();
            default -> throw new IllegalArgumentException("unknown site profile '" + name
                    + "' (known: city-university, rural-general, heart-centre)");
        };
    }

    /** The same profile under another site name (ids are prefixed with it), e.g. for three demo hospitals. */
    public SiteProfile withName(String newName) {
        return new SiteProfile(newName, meanAge, sdAge, femaleShare, diabetes, hypertension, coronaryDisease, copd, kidneyDisease,
                meanEncounters, inpatientShare, consentPermitShare, consentDenyShare);
    }
}
