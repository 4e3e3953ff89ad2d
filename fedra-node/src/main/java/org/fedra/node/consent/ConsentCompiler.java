package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import org.fedra.node.fhir.FhirInstants;
import org.fedra.node.fhir.InvalidResourceException;
import org.fedra.node.fhir.PatientReferences;
import org.fedra.node.fhir.ResourceRule;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles FHIR R4 research Consents into {@link ConsentDirective}s, refusing any that Fedra cannot evaluate
 * faithfully. Refusing is deliberate: a provision using a criterion the engine ignored (say {@code data} or
 * {@code securityLabel}) would make a deny exception silently too broad or too narrow.
 *
 * <p>Requirements for a research Consent ({@code scope} = consentscope#research):
 * <ul>
 * <li>{@code patient} references {@code Patient/<id>} and {@code dateTime} is present (it orders consents);</li>
 * <li>{@code provision} is present and every provision, the root included, has a {@code type};</li>
 * <li>supported criteria: {@code period}, {@code actor.reference} (an Organization, by literal reference
 * {@code Organization/<id>} or by identifier value), {@code purpose}, {@code class} (resource types, system
 * {@code http://hl7.org/fhir/resource-types}) and {@code action} (consentaction codes);
 * {@code actor.role} is accepted and not evaluated (any actor named is the requesting organisation);</li>
 * <li>unsupported, hence refused: {@code securityLabel}, {@code code}, {@code dataPeriod}, {@code data}.</li>
 * </ul>
 * Consents of other scopes (treatment, patient-privacy, adr) are not the engine's business and pass unchecked.
 */
public final class ConsentCompiler {
    public static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    public static final String ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction";

    /** The store rule that refuses malformed research Consents before anything is written. */
    public static final ResourceRule RULE = ConsentCompiler::problems;

    private ConsentCompiler() {
    }

    public static boolean isResearch(Consent c) {
        for (Coding coding : c.getScope().getCoding()) {
            if ("research".equals(coding.getCode()) && (coding.getSystem() == null || SCOPE_SYSTEM.equals(coding.getSystem()))) {
                return true;
            }
        }
        return false;
    }

    /** Problems that stop a research Consent from being evaluated (empty for valid ones and non-research resources). */
    public static List<String> problems(Resource r) {
        if (!(r instanceof Consent c) || !isResearch(c)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        compile(c, problems);
        return problems;
    }

    /**
     * The directive of an active research Consent; empty for inactive ones and other scopes.
     *
     * @throws InvalidResourceException when the Consent is a research Consent Fedra cannot evaluate
     */
    public static Optional<ConsentDirective> compile(Consent c) {
        if (!isResearch(c)) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        ConsentDirective d = compile(c, problems);
        if (!problems.isEmpty()) {
            throw new InvalidResourceException("Consent/" + c.getIdElement().getIdPart() + ": " + String.join("; ", problems));
        }
        return c.getStatus() == Consent.ConsentState.ACTIVE ? Optional.of(d) : Optional.empty();
    }

    private static ConsentDirective compile(Consent c, List<String> problems) {
        Optional<String> patient = PatientReferences.patientId(c);
        if (patient.isEmpty()) {
            problems.add("Consent.patient must reference Patient/<id>");
        }
        if (!c.hasDateTime()) {
            problems.add("Consent.dateTime is required for research consents (it decides which consent is newest)");
        }
        if (!c.hasProvision()) {
            problems.add("Consent.provision is required for research consents (it states the decision)");
            return null;
        }
        ConsentProvision root = provision(c.getProvision(), "Consent.provision", problems);
        return new ConsentDirective(c.getIdElement().getIdPart(), patient.orElse(null),
                FhirInstants.start(c.getDateTimeElement()), root);
    }

    private static ConsentProvision provision(Consent.ProvisionComponent p, String path, List<String> problems) {
        if (!p.hasType()) {
            problems.add(path + ".type is required (permit or deny)");
        }
        unsupported(problems, path, "securityLabel", p.hasSecurityLabel());
        unsupported(problems, path, "code", p.hasCode());
        unsupported(problems, path, "dataPeriod", p.hasDataPeriod());
        unsupported(problems, path, "data", p.hasData());
        Set<String> orgs = new HashSet<>();
        for (int i = 0; i < p.getActor().size(); i++) {
            Reference ref = p.getActor().get(i).getReference();
            if (ref.hasReference()) {
                String s = ref.getReference();
                if (!s.startsWith("Organization/")) {
                    problems.add(path + ".actor[" + i + "].reference '" + s + "' is not an Organization");
                } else {
                    orgs.add(s.substring("Organization/".length()));
                }
            } else if (ref.hasIdentifier() && ref.getIdentifier().hasValue()) {
                orgs.add(ref.getIdentifier().getValue());
            } else {
                problems.add(path + ".actor[" + i + "].reference names no organisation");
            }
        }
        Set<Purpose> purposes = new HashSet<>();
        for (Coding cd : p.getPurpose()) {
            if (!cd.hasCode()) {
                problems.add(path + ".purpose has a coding without code");
            } else {
                purposes.add(new Purpose(cd.hasSystem() ? cd.getSystem() : Purpose.ACT_REASON, cd.getCode()));
            }
        }
        Set<String> types = new HashSet<>();
        for (Coding cd : p.getClass_()) {
            if (cd.hasSystem() && !RESOURCE_TYPES.equals(cd.getSystem())) {
                problems.add(path + ".class uses system " + cd.getSystem() + "; only resource types (" + RESOURCE_TYPES + ") are supported");
            } else if (!cd.hasCode()) {
                problems.add(path + ".class has a coding without code");
            } else {
                types.add(cd.getCode());
            }
        }
        Set<String> actions = new HashSet<>();
        for (CodeableConcept a : p.getAction()) {
            for (Coding cd : a.getCoding()) {
                if (cd.hasSystem() && !ACTION_SYSTEM.equals(cd.getSystem())) {
                    problems.add(path + ".action uses system " + cd.getSystem() + "; only " + ACTION_SYSTEM + " is supported");
                } else if (cd.hasCode()) {
                    actions.add(cd.getCode());
                }
            }
        }
        if (p.hasPeriod() && p.getPeriod().hasStart() && p.getPeriod().hasEnd()
                && !FhirInstants.start(p.getPeriod().getStartElement()).isBefore(FhirInstants.endExclusive(p.getPeriod().getEndElement()))) {
            problems.add(path + ".period ends before it starts");
        }
        List<ConsentProvision> children = new ArrayList<>();
        for (int i = 0; i < p.getProvision().size(); i++) {
            children.add(provision(p.getProvision().get(i), path + ".provision[" + i + "]", problems));
        }
        Effect effect = !p.hasType() ? null : p.getType() == Consent.ConsentProvisionType.PERMIT ? Effect.PERMIT : Effect.DENY;
        return new ConsentProvision(path, effect,
                p.hasPeriod() ? FhirInstants.start(p.getPeriod().getStartElement()) : null,
                p.hasPeriod() ? FhirInstants.endExclusive(p.getPeriod().getEndElement()) : null,
                Set.copyOf(orgs), Set.copyOf(purposes), Set.copyOf(types), Set.copyOf(actions), List.copyOf(children));
    }

    private static void unsupported(List<String> problems, String path, String element, boolean present) {
        if (present) {
            problems.add(path + "." + element + " is not supported by Fedra's consent engine (refused so that no restriction is silently ignored)");
        }
    }
}
