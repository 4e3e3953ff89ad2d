package org.fedra.node.onboarding;

import java.util.List;

/**
 * The outcome of one import: how many resources were created, updated or already present unchanged, how many
 * distinct patients the stored data covers, and every problem with its position. Problems never stop the valid
 * part of an input from being stored.
 */
public record ImportReport(String source, int created, int updated, int unchanged, int patients, List<ImportProblem> problems) {
    public ImportReport {
        problems = List.copyOf(problems);
    }

    public int stored() {
        return created + updated + unchanged;
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
