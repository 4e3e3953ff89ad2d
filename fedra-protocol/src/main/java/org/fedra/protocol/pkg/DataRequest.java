package org.fedra.protocol.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.query.CohortQueryException;

/**
 * The data a package reads on a node: which patients (a cohort query in Fedra's criteria language, or every patient the
 * study may use), the per-patient {@link Variable variables} written as a CSV table (one row per patient, no patient
 * identifiers), and FHIR resource types written as NDJSON where the package needs whole resources.
 *
 * <p>JSON: {@code {"cohort": {"age": {"min": 40}}, "variables": [{"name": "age", "patient": "age"}, ...], "fhir": ["Condition"]}}.
 *
 * @param cohort    the criteria tree ({@link CohortQuery} syntax), validated; null for every patient of the study
 * @param variables the CSV's columns, in order
 * @param fhir      FHIR resource types to write as NDJSON, in order
 */
public record DataRequest(JsonNode cohort, List<Variable> variables, List<String> fhir) {
    /** Variable names become CSV column names and R/pandas identifiers. */
    public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Set<String> FIELDS = Set.of("cohort", "variables", "fhir");
    /** A placeholder date to validate the criteria; the node computes ages at the run's start. */
    private static final LocalDate VALIDATION_DATE = LocalDate.of(2000, 1, 1);

    public DataRequest {
        cohort = cohort == null ? null : cohort.deepCopy();
        variables = List.copyOf(variables);
        fhir = List.copyOf(fhir);
    }

    /** The cohort query with ages computed at {@code referenceDate}; null when the request takes every patient. */
    public CohortQuery cohortAt(LocalDate referenceDate) {
        return cohort == null ? null : CohortQuery.parse(cohort.toString(), referenceDate);
    }

    static DataRequest parse(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new PackageException(where, "must be an object with variables (and optionally cohort, fhir)");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new PackageException(where + "." + f, "unknown field (known: " + new java.util.TreeSet<>(FIELDS) + ")");
        }
        JsonNode cohort = n.get("cohort");
        if (cohort != null && !cohort.isNull()) {
            try {
                CohortQuery.parse(cohort.toString(), VALIDATION_DATE);
            } catch (CohortQueryException e) {
                throw new PackageException(where + ".cohort" + e.path().substring(1), e.getMessage().substring(e.path().length() + 2));
            }
        } else {
            cohort = null;
        }
        List<Variable> variables = new ArrayList<>();
        JsonNode vs = n.get("variables");
        if (vs != null && !vs.isNull()) {
            if (!vs.isArray()) throw new PackageException(where + ".variables", "must be an array of variables");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < vs.size(); i++) {
                String at = where + ".variables[" + i + "]";
                Variable v;
                try {
                    v = Variable.parse(vs.get(i), "$");
                } catch (AnalysisSpecException e) {
                    throw new PackageException(at + e.path().substring(1), e.getMessage().substring(e.path().length() + 2));
                }
                if (!VARIABLE_NAME.matcher(v.name()).matches()) {
                    throw new PackageException(at + ".name", "\"" + v.name() + "\" is not a usable column name (a letter, then letters, digits, _ or .)");
                }
                if (!names.add(v.name())) throw new PackageException(at + ".name", "\"" + v.name() + "\" is used twice");
                variables.add(v);
            }
        }
        List<String> fhir = new ArrayList<>();
        JsonNode fs = n.get("fhir");
        if (fs != null && !fs.isNull()) {
            if (!fs.isArray()) throw new PackageException(where + ".fhir", "must be an array of FHIR resource types");
            for (int i = 0; i < fs.size(); i++) {
                String at = where + ".fhir[" + i + "]";
                JsonNode t = fs.get(i);
                if (!t.isTextual() || !RESOURCE_TYPE.matcher(t.asText()).matches()) throw new PackageException(at, "must be a FHIR resource type such as \"Condition\"");
                if (t.asText().equals("Consent")) throw new PackageException(at, "Consent resources are not readable by analyses");
                if (fhir.contains(t.asText())) throw new PackageException(at, "\"" + t.asText() + "\" is listed twice");
                fhir.add(t.asText());
            }
        }
        if (variables.isEmpty() && fhir.isEmpty()) {
            throw new PackageException(where + ".variables", "a package must read some data: give variables, fhir or both");
        }
        return new DataRequest(cohort, variables, fhir);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object();
        if (cohort != null) o.set("cohort", cohort.deepCopy());
        ArrayNode vs = o.putArray("variables");
        variables.forEach(v -> vs.add(v.toJson()));
        ArrayNode fs = o.putArray("fhir");
        fhir.forEach(fs::add);
        return o;
    }
}
