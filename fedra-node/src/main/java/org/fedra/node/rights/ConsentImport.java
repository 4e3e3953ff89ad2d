package org.fedra.node.rights;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedra.node.onboarding.ImportFileException;
import org.fedra.node.onboarding.ImportProblem;
import org.fedra.protocol.study.Purpose;

/**
 * Records, in bulk, the research permits a hospital already holds for patients it imported (signed consent forms, a
 * register of its own): a CSV file with a header line and the columns {@code identifier} (the patient's hospital
 * identifier {@code SYSTEM|VALUE}, as imported), and optionally {@code purpose} (an ActReason code such as
 * {@code HRESCH}, or {@code SYSTEM|CODE}; default {@code HRESCH}) and {@code organisation} (the requesting
 * organisation the permit is for; empty: every organisation). Each row becomes a permitting research Consent of the
 * patient ({@link PatientRightsService#recordPermit}); a row naming an unknown patient or a bad purpose is listed with
 * its line and skipped, the rest is recorded, and a second import of the same file records nothing twice.
 */
public final class ConsentImport {
    /** The policy URI the recorded Consents name: where the permit came from. */
    public static final String POLICY = "urn:fedra:policy:steward-consent-import";

    /** What an import did. */
    public record Report(int recorded, int unchanged, List<ImportProblem> problems) {}

    private final PatientRightsService rights;

    public ConsentImport(PatientRightsService rights) {
        this.rights = rights;
    }

    /**
     * Imports a permit list.
     *
     * @throws ImportFileException the file cannot be read or has no {@code identifier} column; nothing was recorded
     */
    public Report importCsv(Path file) {
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = r.lines().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ImportFileException(file + ": cannot be read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new ImportFileException(file + ": empty; the first line must name the columns (identifier[,purpose][,organisation])");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        int id = header.indexOf("identifier");
        int purposeColumn = header.indexOf("purpose");
        int orgColumn = header.indexOf("organisation");
        if (id < 0) {
            throw new ImportFileException(file + ": line 1 has no column \"identifier\" (the columns are identifier[,purpose][,organisation])");
        }
        int recorded = 0, unchanged = 0;
        List<ImportProblem> problems = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String position = "line " + (i + 1);
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                problems.add(new ImportProblem(position, "has " + cells.length + " cells, the header " + header.size()));
                continue;
            }
            String identifier = cells[id].strip();
            if (!identifier.contains("|")) {
                problems.add(new ImportProblem(position, "identifier must be SYSTEM|VALUE, was \"" + identifier + "\""));
                continue;
            }
            Purpose purpose;
            try {
                purpose = purposeColumn < 0 || cells[purposeColumn].isBlank() ? Purpose.HEALTHCARE_RESEARCH : Purpose.parse(cells[purposeColumn].strip());
            } catch (IllegalArgumentException e) {
                problems.add(new ImportProblem(position, "purpose: " + e.getMessage()));
                continue;
            }
            String organisation = orgColumn < 0 || cells[orgColumn].isBlank() ? null : cells[orgColumn].strip();
            var patient = rights.findPatient(identifier);
            if (patient.isEmpty()) {
                problems.add(new ImportProblem(position, "no patient with identifier " + identifier + " on this node"));
                continue;
            }
            if (rights.recordPermit(patient.get(), purpose, organisation, POLICY)) {
                recorded++;
            } else {
                unchanged++;
            }
        }
        return new Report(recorded, unchanged, problems);
    }
}
