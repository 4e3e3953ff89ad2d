package org.fedra.node.onboarding;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a CSV table through a {@link CsvMapping}: each row becomes a Patient with its Observations and
 * Conditions. A row with any problem (wrong number of fields, a value that is not a number, a value outside
 * the allowed codes, a unit the mapping does not know) is reported by its line (the header is line 1) and
 * imported not at all; the other rows are.
 */
public final class CsvImporter {
    private final ResourceIngest ingest;

    public CsvImporter(ResourceIngest ingest) {
        this.ingest = ingest;
    }

    /** Imports a file; the source name (e.g. the site) is the file name without extension. */
    public ImportReport importFile(Path csv, CsvMapping mapping) {
        String name = csv.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return importCsv(r, name, mapping);
        } catch (IOException e) {
            throw new ImportFileException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param source names the table (e.g. {@code cleveland}); part of the source patient identifiers, so the same
     *               row number in two tables means two patients
     */
    public ImportReport importCsv(Reader csv, String source, CsvMapping mapping) {
        char delimiter = mapping.delimiter().charAt(0);
        List<ResourceIngest.Incoming> items = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(csv)) {
            String headerLine = in.readLine();
            if (headerLine == null) throw new ImportFileException(source + ": empty file, expected a header line");
            List<String> header = CsvLine.split(headerLine, delimiter);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) index.put(header.get(i).trim(), i);
            List<String> absent = mapping.columns().stream().filter(c -> !index.containsKey(c)).toList();
            if (!absent.isEmpty()) {
                throw new ImportFileException(source + ": line 1: the header lacks the mapped columns " + absent);
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String position = "line " + lineNo;
                try {
                    List<String> fields = CsvLine.split(line, delimiter);
                    if (fields.size() != header.size()) {
                        throw new RowException("expected " + header.size() + " fields, found " + fields.size());
                    }
                    for (Resource r : new Row(mapping, source, lineNo, fields, index).resources()) {
                        items.add(new ResourceIngest.Incoming(position, r, null));
                    }
                } catch (RowException e) {
                    problems.add(new ImportProblem(position, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ingest.ingest(source, items, problems);
    }

    private static final class RowException extends Exception {
        RowException(String message) {
            super(message);
        }
    }

    /** One row turned into resources, or a {@link RowException} naming the first bad value. */
    private record Row(CsvMapping mapping, String source, int lineNo, List<String> fields, Map<String, Integer> index) {
        String value(String column) {
            return fields.get(index.get(column)).trim();
        }

        boolean isMissing(String value, List<String> extra) {
            return mapping.missing().contains(value) || (extra != null && extra.contains(value)) || numericIn(value, mapping.missing())
                    || (extra != null && numericIn(value, extra));
        }

        List<Resource> resources() throws RowException {
            CsvMapping.PatientMapping pm = mapping.patient();
            String key = pm.idColumn() == null ? "row" + (lineNo - 1) : value(pm.idColumn());
            if (key.isEmpty()) throw new RowException("column " + pm.idColumn() + ": patient id is empty");
            String patientSrc = mapping.name() + "-" + source + "-" + key;
            List<Resource> out = new ArrayList<>();
            Patient p = new Patient();
            p.setId(patientSrc);
            p.addIdentifier().setSystem(pm.identifierSystem() + ":" + source).setValue(key);
            if (pm.gender() != null) {
                String g = value(pm.gender().column());
                if (!isMissing(g, null)) {
                    String code = lookupNumeric(pm.gender().values(), g);
                    if (code == null) throw new RowException("column " + pm.gender().column() + ": value '" + g + "' is not one of " + pm.gender().values().keySet());
                    try {
                        p.setGender(Enumerations.AdministrativeGender.fromCode(code));
                    } catch (Exception e) {
                        throw new RowException("column " + pm.gender().column() + ": mapped gender '" + code + "' is not a FHIR gender code");
                    }
                }
            }
            if (pm.birthDateColumn() != null) {
                String d = value(pm.birthDateColumn());
                if (!isMissing(d, null)) {
                    try {
                        p.setBirthDateElement(new DateType(d));
                    } catch (Exception e) {
                        throw new RowException("column " + pm.birthDateColumn() + ": '" + d + "' is not a date (YYYY-MM-DD)");
                    }
                }
            }
            out.add(p);
            String subject = "Patient/" + patientSrc;
            for (CsvMapping.ObservationMapping om : mapping.observations()) {
                String v = value(om.column());
                if (isMissing(v, om.missing())) continue;
                BigDecimal number = number(om.column(), v);
                if (om.allowed() != null && !numericIn(v, om.allowed())) {
                    throw new RowException("column " + om.column() + ": value '" + v + "' is not one of " + om.allowed());
                }
                Observation o = new Observation();
                o.setId(patientSrc + "-" + om.column());
                o.setStatus(Observation.ObservationStatus.FINAL);
                o.setCode(new CodeableConcept(new Coding(om.system(), om.code(), om.display())));
                o.setSubject(new Reference(subject));
                if ("integer".equals(om.valueType())) {
                    if (number.stripTrailingZeros().scale() > 0) {
                        throw new RowException("column " + om.column() + ": '" + v + "' is not a whole number");
                    }
                    o.setValue(new IntegerType(number.intValueExact()));
                } else {
                    String unit = unit(om);
                    o.setValue(new Quantity().setValue(number).setSystem(CsvMapping.UCUM).setCode(unit).setUnit(unit));
                }
                out.add(o);
            }
            for (CsvMapping.ConditionMapping cm : mapping.conditions()) {
                String v = value(cm.column());
                if (isMissing(v, null) || !numericIn(v, cm.when())) continue;
                Condition c = new Condition();
                c.setId(patientSrc + "-" + cm.column() + "-" + cm.code());
                c.setCode(new CodeableConcept(new Coding(cm.system(), cm.code(), cm.display())));
                c.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
                c.setSubject(new Reference(subject));
                out.add(c);
            }
            return out;
        }

        private String unit(CsvMapping.ObservationMapping om) throws RowException {
            if (om.unitColumn() == null) return om.unit();
            String u = value(om.unitColumn());
            String ucum = om.units().get(u);
            if (ucum == null) {
                throw new RowException("column " + om.unitColumn() + ": unit '" + u + "' is not known to the mapping (known: " + om.units().keySet() + ")");
            }
            return ucum;
        }

        private static BigDecimal number(String column, String v) throws RowException {
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                throw new RowException("column " + column + ": '" + v + "' is not a number");
            }
        }

        /** Compares "1.0" and "1" as equal: sites write the same code differently. */
        private static boolean numericIn(String v, List<String> values) {
            if (values.contains(v)) return true;
            try {
                BigDecimal x = new BigDecimal(v);
                for (String s : values) {
                    try {
                        if (new BigDecimal(s).compareTo(x) == 0) return true;
                    } catch (NumberFormatException ignored) {
                        // a non-numeric marker such as "?"
                    }
                }
            } catch (NumberFormatException ignored) {
                // v is not numeric
            }
            return false;
        }

        private static String lookupNumeric(Map<String, String> map, String v) {
            if (map.containsKey(v)) return map.get(v);
            for (var e : map.entrySet()) {
                if (numericIn(v, List.of(e.getKey()))) return e.getValue();
            }
            return null;
        }
    }
}
