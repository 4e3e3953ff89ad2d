package org.fedra.node.onboarding;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A declarative mapping of a CSV table to FHIR: one row is one patient; columns become Patient fields,
 * Observations (code system, code, unit) and Conditions. Loaded from JSON; see
 * {@code mappings/uci-heart-disease.json} for a complete example.
 *
 * @param name         mapping name (also part of the patients' identifier system)
 * @param description  free text
 * @param delimiter    field separator, default {@code ,}
 * @param missing      values meaning "not recorded" in every column
 * @param patient      how a row's patient is identified and described
 * @param observations one Observation per mapped column and row (unless the value is missing)
 * @param conditions   a Condition when a column holds one of the listed values
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CsvMapping(String name, String description, String delimiter, List<String> missing, PatientMapping patient,
                         List<ObservationMapping> observations, List<ConditionMapping> conditions) {

    public static final String UCUM = "http://unitsofmeasure.org";
    private static final Set<String> VALUE_TYPES = Set.of("quantity", "integer");

    /**
     * @param idColumn         column holding the source patient id; null: the row number (stable for a given file)
     * @param identifierSystem system of the patient identifier (the import's source name is appended)
     * @param gender           column and value map to FHIR administrative gender codes
     * @param birthDateColumn  column holding an ISO date, or null
     */
    public record PatientMapping(String idColumn, String identifierSystem, GenderMapping gender, String birthDateColumn) {
    }

    public record GenderMapping(String column, Map<String, String> values) {
    }

    /**
     * @param valueType  {@code quantity} (decimal with a UCUM unit) or {@code integer} (a code-like count or category)
     * @param unit       the UCUM unit of every value of the column (quantity only)
     * @param unitColumn alternatively a column naming each row's unit, translated through {@code units}
     * @param units      accepted unit spellings of {@code unitColumn} to UCUM codes; any other unit is an error
     * @param missing    extra missing-value markers for this column
     * @param allowed    if given, the only values accepted (compared numerically)
     */
    public record ObservationMapping(String column, String system, String code, String display, String valueType,
                                     String unit, String unitColumn, Map<String, String> units,
                                     List<String> missing, List<String> allowed) {
    }

    /** @param when the column values (compared numerically) that mean the condition is present */
    public record ConditionMapping(String column, List<String> when, String system, String code, String display) {
    }

    public CsvMapping {
        missing = missing == null ? List.of() : List.copyOf(missing);
        observations = observations == null ? List.of() : List.copyOf(observations);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        if (delimiter == null) delimiter = ",";
    }

    /** Reads and checks a mapping file. */
    public static CsvMapping load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new ImportFileException("cannot read mapping " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a mapping shipped on the classpath, e.g. {@code mappings/uci-heart-disease.json}. */
    public static CsvMapping loadResource(String resource) {
        try (InputStream in = CsvMapping.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new ImportFileException("no mapping " + resource + " on the classpath");
            return load(in, resource);
        } catch (IOException e) {
            throw new ImportFileException("cannot read mapping " + resource + ": " + e.getMessage(), e);
        }
    }

    static CsvMapping load(InputStream in, String name) throws IOException {
        CsvMapping m;
        try {
            m = JsonCodec.MAPPER.readerFor(CsvMapping.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in);
        } catch (IOException e) {
            throw new ImportFileException("mapping " + name + " is not valid: " + e.getMessage(), e);
        }
        List<String> problems = m.problems();
        if (!problems.isEmpty()) {
            throw new ImportFileException("mapping " + name + " is not valid: " + String.join("; ", problems));
        }
        return m;
    }

    /** Everything wrong with the mapping itself. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (name == null || name.isBlank()) p.add("name is required");
        if (delimiter.length() != 1) p.add("delimiter must be one character");
        if (patient == null || patient.identifierSystem() == null) p.add("patient.identifierSystem is required");
        if (patient != null && patient.gender() != null && (patient.gender().column() == null || patient.gender().values() == null)) {
            p.add("patient.gender needs column and values");
        }
        for (int i = 0; i < observations.size(); i++) {
            ObservationMapping o = observations.get(i);
            String at = "observations[" + i + "]";
            if (o.column() == null || o.system() == null || o.code() == null) p.add(at + " needs column, system and code");
            if (!VALUE_TYPES.contains(String.valueOf(o.valueType()))) p.add(at + ".valueType must be one of " + VALUE_TYPES);
            if ("quantity".equals(o.valueType()) && o.unit() == null && (o.unitColumn() == null || o.units() == null)) {
                p.add(at + " (" + o.column() + ") is a quantity and needs unit, or unitColumn with units");
            }
        }
        for (int i = 0; i < conditions.size(); i++) {
            ConditionMapping c = conditions.get(i);
            if (c.column() == null || c.when() == null || c.system() == null || c.code() == null) {
                p.add("conditions[" + i + "] needs column, when, system and code");
            }
        }
        return p;
    }

    /** Every column the mapping reads. */
    public Set<String> columns() {
        Set<String> cols = new java.util.LinkedHashSet<>();
        if (patient != null) {
            if (patient.idColumn() != null) cols.add(patient.idColumn());
            if (patient.gender() != null) cols.add(patient.gender().column());
            if (patient.birthDateColumn() != null) cols.add(patient.birthDateColumn());
        }
        for (ObservationMapping o : observations) {
            cols.add(o.column());
            if (o.unitColumn() != null) cols.add(o.unitColumn());
        }
        for (ConditionMapping c : conditions) cols.add(c.column());
        return cols;
    }
}
