package org.fedra.node.fhir;

import java.util.List;
import java.util.Set;

/** The R4 resource types a node stores; anything else is refused at import. */
public final class SupportedTypes {
    /** In dependency order: a Patient before what refers to it. */
    public static final List<String> ALL = List.of("Patient", "Encounter", "Condition", "Observation", "Procedure",
            "MedicationStatement", "DiagnosticReport", "ImagingStudy", "Consent");
    private static final Set<String> SET = Set.copyOf(ALL);

    private SupportedTypes() {
    }

    public static boolean isSupported(String resourceType) {
        return SET.contains(resourceType);
    }
}
