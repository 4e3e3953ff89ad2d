package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.Resource;

/** A resource as kept by the store: its identity, owning patient, version and canonical JSON. */
public record StoredResource(String resourceType, String id, String patientId, int version, String json) {
    /** Parses the stored JSON into a HAPI model object (a fresh copy each call). */
    public Resource resource() {
        return FhirCodec.parseStored(json);
    }

    public String reference() {
        return resourceType + "/" + id;
    }
}
