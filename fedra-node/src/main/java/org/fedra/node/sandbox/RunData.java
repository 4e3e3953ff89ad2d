package org.fedra.node.sandbox;

import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.protocol.query.CohortQuery;

/**
 * The data a package run may read: one task's consent-filtered view and its cohort evaluation, nothing else. In the
 * task pipeline it is the executor's {@link org.fedra.node.pipeline.DataView}; in tests a data layer's own view.
 */
public interface RunData {
    /** The task's consent-filtered records (every patient handed out is written to the access log). */
    ConsentFilteredView view();

    /** The node's patients sorted into feasibility categories for the task (the run keeps the usable ones). */
    CohortResult cohort(CohortQuery query);

    /** A data layer's view for one task. */
    static RunData of(NodeDataLayer data, TaskContext task) {
        return new RunData() {
            private ConsentFilteredView view;

            @Override
            public synchronized ConsentFilteredView view() {
                if (view == null) view = data.openView(task);
                return view;
            }

            @Override
            public CohortResult cohort(CohortQuery query) {
                return new CohortEvaluator(data).evaluate(query, task);
            }
        };
    }
}
