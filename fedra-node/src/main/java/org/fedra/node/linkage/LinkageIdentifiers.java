package org.fedra.node.linkage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.node.NodeServices;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.onboarding.ReidentificationMap;

/**
 * The linkage identifiers of the patients a task may use: the patients the consent-filtered view shows for the
 * study's purpose and organisation, looked up in the node's re-identification map under the linkage system.
 * A patient without an identifier in that system cannot be linked and is left out (and counted); two local
 * records with the same identifier are one person and give one identifier.
 */
final class LinkageIdentifiers {
    /**
     * @param identifiers         distinct identifier values, in no meaningful order
     * @param consentedPatients   patients the view showed
     * @param withoutIdentifier   of those, patients with no identifier in the system
     * @param duplicateIdentifiers identifiers held by more than one local patient record (each kept once)
     */
    record Found(List<String> identifiers, int consentedPatients, int withoutIdentifier, int duplicateIdentifiers) {}

    private LinkageIdentifiers() {}

    static Found read(NodeServices services, TaskContext context, String system) {
        ConsentFilteredView view = services.data().openView(context);
        Set<String> patients = view.patientIds();
        Map<String, List<String>> bySystem = new ReidentificationMap(services.dataSource()).identifiersIn(system);
        Set<String> values = new LinkedHashSet<>();
        List<String> used = new ArrayList<>();
        int without = 0;
        int duplicates = 0;
        for (String patient : patients) {
            List<String> own = bySystem.get(patient);
            if (own == null || own.isEmpty()) {
                without++;
                continue;
            }
            // a patient with two numbers in one system is a data error; the first keeps the patient countable once
            if (!values.add(own.get(0))) {
                duplicates++;
            }
            used.add(patient);
        }
        // reading a patient's identifier, even to blind it, is an access the patient can ask about
        services.data().accessLog().record(context, used);
        return new Found(List.copyOf(values), patients.size(), without, duplicates);
    }
}
