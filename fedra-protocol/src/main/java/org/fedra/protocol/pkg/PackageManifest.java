package org.fedra.protocol.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedra.protocol.json.JsonCodec;

/**
 * A package's {@code manifest.json}: what it is, how to run it, what it reads, what it writes and what it may use.
 *
 * <pre>{@code
 * {
 *   "name": "heart-logit",
 *   "version": "1.0.0",
 *   "language": "python",                        // python | r
 *   "entryPoint": "main.py",                     // a file of the package
 *   "data": {"cohort": {"age": {"min": 40}},      // optional, Fedra's cohort criteria
 *            "variables": [{"name": "age", "patient": "age"},
 *                          {"name": "chol", "system": "http://loinc.org", "code": "2093-3", "unit": "mg/dL"}],
 *            "fhir": ["Condition"]},             // optional, FHIR NDJSON of these types
 *   "outputs": [{"file": "coefficients.csv", "kind": "aggregate-table"},
 *               {"file": "gradient.json", "kind": "numeric-vector", "length": 5}],
 *   "limits": {"cpuSeconds": 60, "wallSeconds": 120, "memoryMb": 512, "processes": 32, "outputMb": 16}
 * }
 * }</pre>
 * Every problem is a {@link PackageException} naming the JSON path ({@code manifest.json $.outputs[1].kind}).
 */
public record PackageManifest(String name, String version, Language language, String entryPoint, DataRequest data,
                              List<DeclaredOutput> outputs, ResourceLimits limits) {
    /** The manifest's file name at the root of a package. */
    public static final String FILE = "manifest.json";
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}");
    private static final Set<String> FIELDS = Set.of("name", "version", "language", "entryPoint", "data", "outputs", "limits");
    private static final String ROOT = FILE + " $";

    public PackageManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(data, "data");
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(limits, "limits");
    }

    /** The output declared for a file name, or null. */
    public DeclaredOutput output(String file) {
        return outputs.stream().filter(o -> o.file().equals(file)).findFirst().orElse(null);
    }

    /**
     * Parses and checks a manifest. The files of the package are not known here; {@link AnalysisPackage} checks that the
     * entry point exists.
     */
    public static PackageManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonCodec.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PackageException(FILE, "is not valid JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new PackageException(FILE, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new PackageException(ROOT, "must be a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new PackageException(ROOT + "." + f, "unknown field (known: " + new java.util.TreeSet<>(FIELDS) + ")");
        }
        String name = ManifestFields.text(root, "name", ROOT, true);
        if (!NAME.matcher(name).matches()) {
            throw new PackageException(ROOT + ".name", "\"" + name + "\" is not a package name (lower-case letters, digits, . _ -; at most 64)");
        }
        String version = ManifestFields.text(root, "version", ROOT, true);
        if (!VERSION.matcher(version).matches()) {
            throw new PackageException(ROOT + ".version", "\"" + version + "\" is not a version (letters, digits, . + _ -; at most 32)");
        }
        String languageCode = ManifestFields.text(root, "language", ROOT, true);
        Language language = Language.ofCode(languageCode).orElseThrow(() -> new PackageException(ROOT + ".language",
                "unknown language \"" + languageCode + "\" (known: python, r)"));
        String entryPoint = ManifestFields.text(root, "entryPoint", ROOT, true);
        if (!language.isEntryPoint(entryPoint)) {
            throw new PackageException(ROOT + ".entryPoint", "a " + language.code() + " entry point ends in " + language.extension() + ", was \"" + entryPoint + "\"");
        }
        DataRequest data = DataRequest.parse(root.get("data"), ROOT + ".data");
        JsonNode os = root.get("outputs");
        if (os == null || !os.isArray() || os.isEmpty()) throw new PackageException(ROOT + ".outputs", "must be a non-empty array of declared outputs");
        List<DeclaredOutput> outputs = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (int i = 0; i < os.size(); i++) {
            DeclaredOutput o = DeclaredOutput.parse(os.get(i), ROOT + ".outputs[" + i + "]");
            if (!files.add(o.file())) throw new PackageException(ROOT + ".outputs[" + i + "].file", "\"" + o.file() + "\" is declared twice");
            outputs.add(o);
        }
        ResourceLimits limits = ResourceLimits.parse(root.get("limits"), ROOT + ".limits", ResourceLimits.DEFAULTS);
        return new PackageManifest(name, version, language, entryPoint, data, outputs, limits);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object().put("name", name).put("version", version).put("language", language.code()).put("entryPoint", entryPoint);
        o.set("data", data.toJson());
        ArrayNode os = o.putArray("outputs");
        outputs.forEach(d -> os.add(d.toJson()));
        o.set("limits", limits.toJson());
        return o;
    }
}
