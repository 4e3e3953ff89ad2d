/**
 * Record linkage between a study's nodes by multi-party PSI: {@link org.fedra.hub.analysis.linkage.LinkageRunner}
 * has every node blind its consented patients' linkage identifiers, relays each set round the other nodes (the
 * counting node first, with a transit mask, so no two sets the hub holds are comparable) and has the counting node
 * count and release per-node sizes, pairwise overlaps and the distinct patients. The hub sees only blinded group
 * elements; the release is recorded with the study before it is returned.
 */
package org.fedra.hub.analysis.linkage;
