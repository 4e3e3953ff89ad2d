package org.fedra.node.pipeline;

import java.util.Collection;
import java.util.List;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.protocol.query.CohortQuery;

/**
 * The data an executor may read for one task: the records the patients' consent permits for the study's purpose and
 * organisation, as of the task's start, and the few consent-aware questions analyses ask beyond them. Every patient
 * whose data is handed out is written to the patient access log.
 */
public interface DataView {
    /** The consent-filtered records (opened once per task, on first use). */
    ConsentFilteredView records();

    /**
     * The node's patients sorted into feasibility categories for the study: usable (from the consent-filtered records),
     * would need consent, refused, not assessable. Only counts of these may leave the node.
     */
    CohortResult cohort(CohortQuery query);

    /**
     * The linkage identifiers, in identifier system {@code system}, of the patients the view shows; reading them is
     * logged as an access.
     */
    LinkageCandidates linkageIdentifiers(String system);

    /**
     * Asks these patients (node pseudonyms, e.g. those who would need consent) for consent to the study's purpose and
     * organisation through their consent inbox; returns how many requests are new.
     */
    int requestConsent(Collection<String> patientIds);

    /**
     * The linkage identifiers of the consented patients.
     *
     * @param identifiers          distinct identifier values, in no meaningful order
     * @param consentedPatients    patients the view showed
     * @param withoutIdentifier    of those, patients with no identifier in the system
     * @param duplicateIdentifiers identifiers held by more than one local patient record (each kept once)
     */
    record LinkageCandidates(List<String> identifiers, int consentedPatients, int withoutIdentifier, int duplicateIdentifiers) {
        public LinkageCandidates {
            identifiers = List.copyOf(identifiers);
        }
    }
}
