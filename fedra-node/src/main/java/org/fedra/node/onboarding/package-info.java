/**
 * Getting a hospital's data in: FHIR bundles and NDJSON ({@link org.fedra.node.onboarding.FhirImporter}), CSV
 * through a declarative mapping ({@link org.fedra.node.onboarding.CsvImporter}, {@link org.fedra.node.onboarding.CsvMapping}),
 * DICOM from Orthanc ({@link org.fedra.node.onboarding.dicom.OrthancImporter}); all end in
 * {@link org.fedra.node.onboarding.ResourceIngest}, which pseudonymises with the node's key, validates, stores
 * the valid part and reports every problem with its position.
 */
package org.fedra.node.onboarding;
