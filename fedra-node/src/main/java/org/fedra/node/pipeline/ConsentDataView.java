package org.fedra.node.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.onboarding.ReidentificationMap;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.query.CohortQuery;

/** The pipeline's {@link DataView}: one task's consent context over the node's data layer. */
final class ConsentDataView implements DataView {
    private final NodeDataLayer data;
    private final DataSource database;
    private final AuthorisedStudy study;
    private final TaskContext context;
    private ConsentFilteredView records;

    ConsentDataView(NodeDataLayer data, DataSource database, AuthorisedStudy study, TaskContext context) {
        this.data = data;
        this.database = database;
        this.study = study;
        this.context = context;
    }

    @Override
    public synchronized ConsentFilteredView records() {
        if (records == null) {
            records = data.openView(context);
        }
        return records;
    }

    @Override
    public CohortResult cohort(CohortQuery query) {
        return new CohortEvaluator(data).evaluate(query, context);
    }

    @Override
    public LinkageCandidates linkageIdentifiers(String system) {
        Set<String> patients = records().patientIds();
        Map<String, List<String>> bySystem = new ReidentificationMap(database).identifiersIn(system);
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
        data.accessLog().record(context, used);
        return new LinkageCandidates(List.copyOf(values), patients.size(), without, duplicates);
    }

    @Override
    public int requestConsent(Collection<String> patientIds) {
        return data.consentInbox().request(study.studyId(), study.purpose(), study.organisation(), patientIds);
    }
}
