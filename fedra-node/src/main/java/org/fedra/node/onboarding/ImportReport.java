package org.fedra.node.onboarding;

import java.util.List;

/**
 * The outcome of one import: how many resources were created, updated or already present unchanged, how many
 * distinct patients the stored data covers, and every problem with its position. Problems never stop the valid
 * part of an input from being stored. {@code skippedErased} counts the patients of the input who had been erased on
 * this node and were therefore not imported again (with all their resources).
 */
public record ImportReport(String source, int created, int updated, int unchanged, int patients, List<ImportProblem> problems,
                           int skippedErased) {
    public ImportReport {
        problems = List.copyOf(problems);
    }

    /** A report of an import that met no erased patient. */
    public ImportReport(String source, int created, int updated, int unchanged, int patients, List<ImportProblem> problems) {
        this(source, created, updated, unchanged, patients, problems, 0);
    }

    public int stored() {
        return created + updated + unchanged;
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
