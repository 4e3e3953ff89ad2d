package org.fedra.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Resource;

/**
 * Parses and encodes FHIR R4 JSON with HAPI FHIR. Parsing is strict: unknown elements, invalid codes and
 * malformed values are errors, because a hospital's export that we silently half-understand is worse than
 * one we refuse with a reason.
 */
public final class FhirCodec {
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private FhirCodec() {
    }

    /** The shared R4 context (expensive to build, thread-safe once built). */
    public static FhirContext context() {
        return CONTEXT;
    }

    /** Parses one resource; any parse problem becomes an {@link InvalidResourceException} with HAPI's message. */
    public static Resource parse(String json) {
        IParser parser = CONTEXT.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        try {
            return (Resource) parser.parseResource(json);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidResourceException("not a valid FHIR R4 resource: " + e.getMessage(), e);
        }
    }

    /** Parses JSON written by this node (already validated): lenient, fast path. */
    public static Resource parseStored(String json) {
        return (Resource) CONTEXT.newJsonParser().parseResource(json);
    }

    /** Compact canonical JSON, the form the store keeps and hashes. */
    public static String encode(Resource resource) {
        return CONTEXT.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
    }
}
