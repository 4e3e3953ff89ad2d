package org.fedra.node.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageException;
import org.fedra.protocol.pkg.ResourceLimits;
import org.fedra.protocol.pki.CorruptFileException;

/**
 * The data steward's rules for researchers' packages, from {@code package-policy.json} in the node's data directory:
 *
 * <pre>{@code
 * {
 *   "approval": "per-package",          // or "trusted-signers": a package signed by a signer the steward trusts
 *                                       //   for the study counts as approved (and the approval is recorded)
 *   "review": "models",                 // "none" | "models" | "all": which outputs the steward releases by hand
 *   "minimumCellCount": 10,             // rows of aggregate tables counting fewer patients are suppressed
 *   "roundingBase": 5,                  // counts in aggregate tables are rounded to this base
 *   "maximumLimits": {"cpuSeconds": 600, "wallSeconds": 1800, "memoryMb": 4096, "processes": 64, "outputMb": 64}
 * }
 * }</pre>
 * Without the file: approval per package, model files reviewed by hand, minimum cell count 10, rounding to 5 and the
 * maximum limits above. Nothing that is not approved by its hash runs, whatever the policy.
 */
public record PackagePolicy(Approval approval, Review review, int minimumCellCount, int roundingBase, ResourceLimits maximumLimits) {
    public static final String FILE = "package-policy.json";
    public static final ResourceLimits MAXIMUM_LIMITS = new ResourceLimits(600, 1800, 4096, 64, 64);
    private static final Set<String> FIELDS = Set.of("approval", "review", "minimumCellCount", "roundingBase", "maximumLimits");

    /** How a package gets approved for a study. */
    public enum Approval {
        /** The steward approves each package by its hash. */
        PER_PACKAGE("per-package"),
        /** As {@link #PER_PACKAGE}, and a package signed by a signer the steward trusts for the study is approved on sight. */
        TRUSTED_SIGNERS("trusted-signers");

        private final String code;

        Approval(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Which checked outputs wait for the steward's release. */
    public enum Review {
        /** None: what passes the output check is released. */
        NONE("none"),
        /** Model files (which no automatic check can read); tables and vectors are released once checked. */
        MODELS("models"),
        /** Every output. */
        ALL("all");

        private final String code;

        Review(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** Whether an output of this kind waits for the steward. */
        public boolean needsReview(OutputKind kind) {
            return this == ALL || this == MODELS && kind == OutputKind.MODEL_FILE;
        }
    }

    public PackagePolicy {
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(review, "review");
        if (minimumCellCount < 1) throw new IllegalArgumentException("minimumCellCount must be at least 1, was " + minimumCellCount);
        if (roundingBase < 1) throw new IllegalArgumentException("roundingBase must be at least 1, was " + roundingBase);
        Objects.requireNonNull(maximumLimits, "maximumLimits");
    }

    public static PackagePolicy defaults() {
        return new PackagePolicy(Approval.PER_PACKAGE, Review.MODELS, 10, 5, MAXIMUM_LIMITS);
    }

    /** The policy in {@code dataDir}, or the defaults without the file; a bad file is refused naming the field. */
    public static PackagePolicy load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) return defaults();
        try {
            return parse(JsonCodec.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new CorruptFileException(file, "is not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, e.getMessage(), e);
        }
    }

    /** Parses a policy document; absent fields take the defaults. */
    public static PackagePolicy parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the package policy must be a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("unknown field \"" + f + "\" (known: " + new java.util.TreeSet<>(FIELDS) + ")");
        }
        PackagePolicy d = defaults();
        Approval approval = d.approval;
        if (root.has("approval")) {
            String v = root.get("approval").asText("");
            approval = switch (v) {
                case "per-package" -> Approval.PER_PACKAGE;
                case "trusted-signers" -> Approval.TRUSTED_SIGNERS;
                default -> throw new IllegalArgumentException("approval must be \"per-package\" or \"trusted-signers\", was \"" + v + "\"");
            };
        }
        Review review = d.review;
        if (root.has("review")) {
            String v = root.get("review").asText("");
            review = switch (v) {
                case "none" -> Review.NONE;
                case "models" -> Review.MODELS;
                case "all" -> Review.ALL;
                default -> throw new IllegalArgumentException("review must be \"none\", \"models\" or \"all\", was \"" + v + "\"");
            };
        }
        int min = whole(root, "minimumCellCount", d.minimumCellCount);
        int base = whole(root, "roundingBase", d.roundingBase);
        ResourceLimits max;
        try {
            max = ResourceLimits.parse(root.get("maximumLimits"), "maximumLimits", d.maximumLimits);
        } catch (PackageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new PackagePolicy(approval, review, min, base, max);
    }

    private static int whole(JsonNode root, String field, int dflt) {
        JsonNode v = root.get(field);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) throw new IllegalArgumentException(field + " must be a whole number of at least 1");
        return v.intValue();
    }
}
