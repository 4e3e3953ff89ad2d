package org.fedra.node.study;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.study.Purpose;

/**
 * The data steward's standing rules for studies, from {@code node-policy.json} in the node's data directory: which
 * purposes and requesting organisations the node accepts, which analyses, the minimum security index the study's
 * path must have (0-100), whether every study additionally needs the steward's explicit approval, and whether a study
 * that repeats an earlier one of the same organisation does.
 *
 * <pre>{@code
 * {
 *   "acceptedPurposes": ["http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH"],
 *   "acceptedOrganisations": ["*"],
 *   "acceptedAnalyses": ["feasibility", "statistics", "regression", "linkage", "training"],
 *   "minimumSecurityIndex": 0,
 *   "stewardApproval": false,
 *   "consentDefaults": {"HRESCH": "opt-out", "*": "opt-in"},
 *   "queryBudget": 200,
 *   "repeatStudyApproval": false
 * }
 * }</pre>
 *
 * Without the file the node accepts healthcare research (HRESCH) and public health (PUBHLTH) from any organisation,
 * every built-in analysis, with no approval step; consent is still decided per patient for every task, opt-in for
 * every purpose unless {@code consentDefaults} says otherwise (where the hospital's legal basis allows opt-out).
 *
 * @param acceptedOrganisations {@code "*"} accepts every organisation
 * @param queryBudget           how many releases (distinct queries, statistics runs, fits, training jobs, linkages) one
 *                              requesting organisation may have from this node over all its studies; the node refuses
 *                              the next one (default {@value #DEFAULT_QUERY_BUDGET})
 * @param repeatStudyApproval   a study whose organisation already proposed a study to this node with the same nodes and
 *                              the same analyses waits for the steward's approval even when the policy would accept it
 *                              (a repeated study is how a researcher asks again what an earlier study was refused or
 *                              differences two studies' answers); the reason names the earlier study (default false)
 * @param minimumSecurityIndex  on the security index's scale, 0 to 100 ({@code org.fedra.privacy.securityindex.SecurityIndex}):
 *                              0 for none; above 0 a study whose proposal carries no index, or a lower one, is declined
 */
public record NodePolicy(Set<Purpose> acceptedPurposes, Set<String> acceptedOrganisations, Set<String> acceptedAnalyses,
                         double minimumSecurityIndex, boolean stewardApproval, DefaultPolicy consentDefaults,
                         int queryBudget, boolean repeatStudyApproval) {
    public static final String FILE = "node-policy.json";
    /** Releases an organisation may have from this node when the policy does not say ({@code queryBudget}). */
    public static final int DEFAULT_QUERY_BUDGET = 200;
    /** The largest budget a policy may set: large enough for any real use, small enough to stay a limit. */
    public static final int MAX_QUERY_BUDGET = 1_000_000;
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public NodePolicy {
        acceptedPurposes = Set.copyOf(acceptedPurposes);
        acceptedOrganisations = Set.copyOf(acceptedOrganisations);
        acceptedAnalyses = Set.copyOf(acceptedAnalyses);
        java.util.Objects.requireNonNull(consentDefaults, "consentDefaults");
        for (String a : acceptedAnalyses) {
            if (!Analyses.ALL.contains(a)) {
                throw new IllegalArgumentException("unknown analysis \"" + a + "\" (known: " + new java.util.TreeSet<>(Analyses.ALL) + ")");
            }
        }
        if (queryBudget < 1 || queryBudget > MAX_QUERY_BUDGET) {
            throw new IllegalArgumentException("queryBudget must be a whole number from 1 to " + MAX_QUERY_BUDGET + ", not " + queryBudget);
        }
        if (!(minimumSecurityIndex >= 0 && minimumSecurityIndex <= 100)) {
            throw new IllegalArgumentException("minimumSecurityIndex must be between 0 and 100 (the security index's scale), not "
                    + minimumSecurityIndex);
        }
    }

    /** A policy with the default query budget and no approval step for repeated studies. */
    public NodePolicy(Set<Purpose> acceptedPurposes, Set<String> acceptedOrganisations, Set<String> acceptedAnalyses,
                      double minimumSecurityIndex, boolean stewardApproval, DefaultPolicy consentDefaults) {
        this(acceptedPurposes, acceptedOrganisations, acceptedAnalyses, minimumSecurityIndex, stewardApproval, consentDefaults,
                DEFAULT_QUERY_BUDGET, false);
    }

    public static NodePolicy defaults() {
        return new NodePolicy(Set.of(Purpose.HEALTHCARE_RESEARCH, Purpose.PUBLIC_HEALTH), Set.of("*"), Analyses.ALL, 0.0, false,
                DefaultPolicy.optInEverywhere());
    }

    /** The same policy with other studies' rules kept and the consent defaults replaced. */
    public NodePolicy withConsentDefaults(DefaultPolicy defaults) {
        return new NodePolicy(acceptedPurposes, acceptedOrganisations, acceptedAnalyses, minimumSecurityIndex, stewardApproval, defaults,
                queryBudget, repeatStudyApproval);
    }

    /** The policy in {@code dataDir}, or the defaults when there is no policy file. */
    public static NodePolicy load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            return parse(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new CorruptFileException(file, "is not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, e.getMessage(), e);
        }
    }

    /** Parses a policy document; absent fields take the defaults. Errors name the field. */
    public static NodePolicy parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the policy must be a JSON object");
        }
        NodePolicy d = defaults();
        Set<Purpose> purposes = d.acceptedPurposes;
        if (root.has("acceptedPurposes")) {
            purposes = new LinkedHashSet<>();
            for (String p : strings(root, "acceptedPurposes")) {
                try {
                    purposes.add(Purpose.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("acceptedPurposes: " + e.getMessage());
                }
            }
        }
        Set<String> organisations = root.has("acceptedOrganisations") ? strings(root, "acceptedOrganisations") : d.acceptedOrganisations;
        Set<String> analyses = root.has("acceptedAnalyses") ? strings(root, "acceptedAnalyses") : d.acceptedAnalyses;
        double index = d.minimumSecurityIndex;
        if (root.has("minimumSecurityIndex")) {
            if (!root.get("minimumSecurityIndex").isNumber()) {
                throw new IllegalArgumentException("minimumSecurityIndex must be a number between 0 and 100");
            }
            index = root.get("minimumSecurityIndex").asDouble();
        }
        boolean approval = d.stewardApproval;
        if (root.has("stewardApproval")) {
            if (!root.get("stewardApproval").isBoolean()) {
                throw new IllegalArgumentException("stewardApproval must be true or false");
            }
            approval = root.get("stewardApproval").asBoolean();
        }
        int budget = d.queryBudget;
        if (root.has("queryBudget")) {
            JsonNode b = root.get("queryBudget");
            if (!b.canConvertToInt() || !b.isIntegralNumber() || b.asInt() < 1 || b.asInt() > MAX_QUERY_BUDGET) {
                throw new IllegalArgumentException("queryBudget must be a whole number from 1 to " + MAX_QUERY_BUDGET + ", not " + b);
            }
            budget = b.asInt();
        }
        boolean repeatApproval = d.repeatStudyApproval;
        if (root.has("repeatStudyApproval")) {
            if (!root.get("repeatStudyApproval").isBoolean()) {
                throw new IllegalArgumentException("repeatStudyApproval must be true or false, not " + root.get("repeatStudyApproval"));
            }
            repeatApproval = root.get("repeatStudyApproval").asBoolean();
        }
        DefaultPolicy consent = d.consentDefaults;
        if (root.has("consentDefaults")) {
            consent = consentDefaults(root.get("consentDefaults"));
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("acceptedPurposes", "acceptedOrganisations", "acceptedAnalyses", "minimumSecurityIndex", "stewardApproval",
                    "consentDefaults", "queryBudget", "repeatStudyApproval").contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\"");
            }
        }
        return new NodePolicy(purposes, organisations, analyses, index, approval, consent, budget, repeatApproval);
    }

    /**
     * {@code {"HRESCH": "opt-out", "*": "opt-in"}}: per purpose, what the node decides for a patient who has said
     * nothing (opt-in: not used without a permit; opt-out: used unless they objected). {@code "*"} is every other
     * purpose and defaults to opt-in.
     */
    private static DefaultPolicy consentDefaults(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("consentDefaults must be an object of purpose -> \"opt-in\" | \"opt-out\"");
        }
        java.util.Map<Purpose, DefaultPolicy.Mode> per = new java.util.LinkedHashMap<>();
        DefaultPolicy.Mode otherwise = DefaultPolicy.Mode.OPT_IN;
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String v = e.getValue().asText("");
            DefaultPolicy.Mode mode = switch (v) {
                case "opt-in" -> DefaultPolicy.Mode.OPT_IN;
                case "opt-out" -> DefaultPolicy.Mode.OPT_OUT;
                default -> throw new IllegalArgumentException("consentDefaults." + e.getKey() + " must be \"opt-in\" or \"opt-out\", not \"" + v + "\"");
            };
            if (e.getKey().equals("*")) {
                otherwise = mode;
            } else {
                try {
                    per.put(Purpose.parse(e.getKey()), mode);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("consentDefaults: " + ex.getMessage());
                }
            }
        }
        return new DefaultPolicy(per, otherwise);
    }

    /** The policy as a document of the file's form, every field written out (what {@code fedra node policy show} prints). */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        acceptedPurposes.stream().map(p -> p.system() + "|" + p.code()).sorted().forEach(o.putArray("acceptedPurposes")::add);
        acceptedOrganisations.stream().sorted().forEach(o.putArray("acceptedOrganisations")::add);
        acceptedAnalyses.stream().sorted().forEach(o.putArray("acceptedAnalyses")::add);
        o.put("minimumSecurityIndex", minimumSecurityIndex).put("stewardApproval", stewardApproval).put("queryBudget", queryBudget)
                .put("repeatStudyApproval", repeatStudyApproval);
        com.fasterxml.jackson.databind.node.ObjectNode c = o.putObject("consentDefaults");
        consentDefaults.perPurpose().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.comparing(Purpose::code)))
                .forEach(e -> c.put(e.getKey().code(), mode(e.getValue())));
        c.put("*", mode(consentDefaults.otherwise()));
        return o;
    }

    private static String mode(DefaultPolicy.Mode m) {
        return m == DefaultPolicy.Mode.OPT_OUT ? "opt-out" : "opt-in";
    }

    /** Whether the organisation is accepted. */
    public boolean acceptsOrganisation(String organisation) {
        return acceptedOrganisations.contains("*") || acceptedOrganisations.contains(organisation);
    }

    private static Set<String> strings(JsonNode root, String field) {
        JsonNode a = root.get(field);
        if (!a.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual() || a.get(i).asText().isBlank()) {
                throw new IllegalArgumentException(field + "[" + i + "] must be a non-empty string");
            }
            out.add(a.get(i).asText());
        }
        return out;
    }
}
