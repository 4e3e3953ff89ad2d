package org.fedra.node.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the output check knows of a run's input, and nothing that needs to leave the node: how many patients it held,
 * how often each row of values occurs (to recognise a patient's row printed back), and the identifiers it held
 * (pseudonyms and resource ids of FHIR exports).
 */
public final class InputSummary {
    private final int patients;
    private final int columns;
    private final Map<String, Integer> rows = new HashMap<>();
    private final Set<String> identifiers = new HashSet<>();

    public InputSummary(int patients, int columns) {
        this.patients = patients;
        this.columns = columns;
    }

    /** Notes one input row (the values of one patient, in column order). */
    public void addRow(double[] values) {
        String[] tokens = new String[values.length];
        for (int i = 0; i < values.length; i++) tokens[i] = ValueTokens.canonical(values[i]);
        rows.merge(String.join("|", tokens), 1, Integer::sum);
    }

    /** Notes an identifier of the input (a pseudonym, a resource id). */
    public void addIdentifier(String id) {
        if (id != null && id.length() >= 6) identifiers.add(id); // shorter ids would match ordinary words and numbers
    }

    /** Patients in the input. */
    public int patients() {
        return patients;
    }

    /** Values per input row (the CSV's columns); 0 without a CSV. */
    public int columns() {
        return columns;
    }

    /**
     * Whether {@code values} (canonical tokens) are an input row that identifies: one shared by fewer than
     * {@code minimumCellCount} patients. A row of values many patients share (sex 1 and outcome 0) is an aggregate
     * category, not a person; a row with fewer than two present values says too little to recognise anyone.
     */
    boolean identifyingRow(List<String> values, int minimumCellCount) {
        if (values.size() != columns || columns < 2) return false;
        if (values.stream().filter(v -> !v.equals(ValueTokens.MISSING)).count() < 2) return false;
        Integer n = rows.get(String.join("|", values));
        return n != null && n < minimumCellCount;
    }

    boolean isIdentifier(String token) {
        return identifiers.contains(token);
    }

    boolean hasIdentifiers() {
        return !identifiers.isEmpty();
    }

    Set<String> identifiers() {
        return identifiers;
    }
}
