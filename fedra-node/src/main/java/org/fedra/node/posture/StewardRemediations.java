package org.fedra.node.posture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;

/**
 * The remediations the node's data steward declared, one per vulnerability, kept in {@value PostureReporter#REMEDIATIONS_FILE}
 * of the data directory (issue 15, point 1): patched, mitigated by configuration or a compensating control, with the
 * remediation level RE (>= 1) it is worth in the security index. Each change is audited first, written whole (a new
 * file moved over the old one, so a crash leaves the old or the new list, never half of one) and sent to the hub in
 * the next posture.
 */
public final class StewardRemediations {
    /** The kinds a steward may declare. */
    public static final List<String> KINDS = List.of("PATCHED", "MITIGATED_BY_CONFIGURATION", "COMPENSATING_CONTROL");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One declaration. */
    public record Declared(String vulnerability, String kind, double level, String note) {
    }

    private final Path file;
    private final AuditLog audit;

    public StewardRemediations(Path dataDir, AuditLog audit) {
        this.file = dataDir.resolve(PostureReporter.REMEDIATIONS_FILE);
        this.audit = audit;
    }

    /**
     * The declarations in force.
     *
     * @throws IllegalStateException when the file is damaged, naming it and the entry
     */
    public synchronized List<Declared> list() {
        List<Declared> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException(file + ": expected a JSON array of remediations");
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            try {
                out.add(validated(r.path("vulnerability").asText(""), r.path("kind").asText(""), r.path("level").asDouble(Double.NaN),
                        r.path("note").asText("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + ": entry [" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Declares (or replaces) the remediation of one vulnerability.
     *
     * @throws IllegalArgumentException naming the field that is wrong; nothing is changed
     */
    public synchronized Declared declare(String vulnerability, String kind, double level, String note, String steward) {
        Declared d = validated(vulnerability, kind == null ? "" : kind.toUpperCase(Locale.ROOT), level, note == null ? "" : note);
        if (steward == null || steward.isBlank()) {
            throw new IllegalArgumentException("steward: name the data steward who declares the remediation");
        }
        List<Declared> all = new ArrayList<>(list());
        all.removeIf(x -> x.vulnerability().equals(d.vulnerability()));
        all.add(d);
        audit.append(AuditAction.REMEDIATION_DECLARED, Principal.steward(steward), d.vulnerability() + ": " + d.kind() + ", level " + d.level()
                + (d.note().isEmpty() ? "" : " (" + d.note() + ")"));
        write(all);
        return d;
    }

    /**
     * Withdraws the remediation of one vulnerability.
     *
     * @return false when none was declared for it
     */
    public synchronized boolean withdraw(String vulnerability, String steward) {
        List<Declared> all = new ArrayList<>(list());
        if (!all.removeIf(x -> x.vulnerability().equals(vulnerability))) {
            return false;
        }
        audit.append(AuditAction.REMEDIATION_WITHDRAWN, Principal.steward(steward == null || steward.isBlank() ? "steward" : steward), vulnerability);
        write(all);
        return true;
    }

    static Declared validated(String vulnerability, String kind, double level, String note) {
        if (vulnerability == null || !vulnerability.matches("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,99}")) {
            throw new IllegalArgumentException("vulnerability: an advisory id such as CVE-2024-1234 or DSA-5678-1, not '" + vulnerability + "'");
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind: one of " + KINDS + ", not '" + kind + "'");
        }
        if (!(level >= 1) || Double.isInfinite(level)) {
            throw new IllegalArgumentException("level: the remediation level RE is a number >= 1 (1 = nothing done), not " + level);
        }
        if (note.length() > 500) {
            throw new IllegalArgumentException("note: at most 500 characters");
        }
        return new Declared(vulnerability, kind, level, note);
    }

    private void write(List<Declared> all) {
        ArrayNode a = JSON.createArrayNode();
        for (Declared d : all) {
            a.addObject().put("vulnerability", d.vulnerability()).put("kind", d.kind()).put("level", d.level()).put("note", d.note());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(a));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
