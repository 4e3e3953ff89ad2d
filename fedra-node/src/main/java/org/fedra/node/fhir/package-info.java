/**
 * The node's FHIR R4 store (H2 or PostgreSQL, migrations in {@code db/node/V10..}), its validation and index,
 * the encrypted content-addressed object store, and {@link org.fedra.node.fhir.NodeDataLayer}, which wires the
 * whole data layer (store, consent engine, importers, patient rights, inventory) for the node process.
 */
package org.fedra.node.fhir;
