package org.fedra.node.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates against the FHIR R4 base profiles with HAPI's instance validator: cardinalities, invariants
 * (e.g. obs-6, pat-1), required value-set bindings of the core. Codes of external systems (LOINC, ICD-10) are
 * not checked, since the node has no terminology server. Errors and fatal messages refuse the resource;
 * warnings do not. Costly (seconds to build, milliseconds per resource), hence optional:
 * see {@link NodeDataLayer.Validation}.
 */
public final class InstanceValidationRule implements ResourceRule {
    private final FhirValidator validator;

    public InstanceValidationRule() {
        var ctx = FhirCodec.context();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(true);
        validator = ctx.newValidator().registerValidatorModule(module);
    }

    @Override
    public List<String> problems(Resource resource) {
        List<String> out = new ArrayList<>();
        for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                out.add(m.getLocationString() + ": " + m.getMessage());
            }
        }
        return out;
    }
}
