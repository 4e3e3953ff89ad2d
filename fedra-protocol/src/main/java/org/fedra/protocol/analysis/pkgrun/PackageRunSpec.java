package org.fedra.protocol.analysis.pkgrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageException;
import org.fedra.protocol.pkg.PackageSignature;

/**
 * A researcher's request to run an analysis package on every node of a study: the package's files (each base64, keyed
 * by path) and, optionally, the researcher's signature of its hash. The nodes hash the files themselves; a node runs
 * the package only if its steward approved that hash for the study.
 *
 * <pre>{@code
 * {"package": {"manifest.json": "ewog...", "main.py": "aW1wb3J0..."}, "signature": {"package": "sha256:...", ...}}
 * }</pre>
 */
public record PackageRunSpec(AnalysisPackage pkg, PackageSignature signature) {
    public PackageRunSpec {
        Objects.requireNonNull(pkg, "pkg");
    }

    public static PackageRunSpec parse(JsonNode request) {
        if (request == null || !request.isObject()) throw new AnalysisSpecException("$", "the request body must be a JSON object");
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("package") && !f.equals("signature")) throw new AnalysisSpecException("$." + f, "unknown field (known: package, signature)");
        }
        JsonNode files = request.get("package");
        if (files == null || !files.isObject() || files.isEmpty()) {
            throw new AnalysisSpecException("$.package", "must be an object of the package's files, path to base64 content");
        }
        Map<String, byte[]> content = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw new AnalysisSpecException("$.package['" + e.getKey() + "']", "must be base64 text");
            try {
                content.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw new AnalysisSpecException("$.package['" + e.getKey() + "']", "is not base64");
            }
        }
        AnalysisPackage pkg;
        try {
            pkg = AnalysisPackage.of(content);
        } catch (PackageException e) {
            throw new AnalysisSpecException("$.package", e.getMessage());
        }
        PackageSignature signature = null;
        JsonNode s = request.get("signature");
        if (s != null && !s.isNull()) {
            try {
                signature = PackageSignature.parse(JsonCodec.bytes(s), "$.signature");
            } catch (PackageException e) {
                throw new AnalysisSpecException("$.signature", e.getMessage());
            }
        }
        return new PackageRunSpec(pkg, signature);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object();
        ObjectNode files = o.putObject("package");
        for (String path : pkg.paths()) files.put(path, Base64.getEncoder().encodeToString(pkg.file(path)));
        if (signature != null) o.set("signature", signature.toJson());
        return o;
    }

    /** The summed vector of one node: its declared numeric vectors, one after the other in declaration order. */
    public int vectorLength() {
        return pkg.manifest().outputs().stream().filter(d -> d.kind() == OutputKind.NUMERIC_VECTOR).mapToInt(DeclaredOutput::length).sum();
    }

    /** A small example for help texts: a package that counts patients by sex and sums cholesterol. */
    static String example() {
        String manifest = "{\"name\": \"chol-by-sex\", \"version\": \"1.0.0\", \"language\": \"python\", \"entryPoint\": \"main.py\","
                + " \"data\": {\"variables\": [{\"name\": \"sex\", \"patient\": \"sex\"}]},"
                + " \"outputs\": [{\"file\": \"sums.json\", \"kind\": \"numeric-vector\", \"length\": 1}]}";
        String main = "import json, os\nn = sum(1 for _ in open(os.environ['FEDRA_DATA'] + '/variables.csv')) - 1\n"
                + "json.dump([n], open(os.environ['FEDRA_OUTPUT'] + '/sums.json', 'w'))\n";
        return "{\"package\": {\"manifest.json\": \"" + b64(manifest) + "\", \"main.py\": \"" + b64(main) + "\"}}";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
