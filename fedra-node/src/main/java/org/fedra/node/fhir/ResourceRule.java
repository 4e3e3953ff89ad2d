package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.Resource;

import java.util.List;

/** An extra check the store applies before writing (e.g. the consent engine's check of research Consents). */
@FunctionalInterface
public interface ResourceRule {
    /** Problems that make the resource unacceptable; empty when it may be stored. */
    List<String> problems(Resource resource);
}
