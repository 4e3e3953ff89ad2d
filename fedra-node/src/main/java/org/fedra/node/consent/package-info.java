/**
 * The consent engine (policy decision point) and the only door through which analyses read data.
 *
 * <ul>
 * <li>{@link org.fedra.node.consent.ConsentCompiler} turns FHIR R4 research Consents into
 * {@link org.fedra.node.consent.ConsentDirective}s and refuses those it cannot evaluate faithfully (also as a store rule);</li>
 * <li>{@link org.fedra.node.consent.ConsentEvaluator} is the pure decision rule (semantics in its Javadoc);</li>
 * <li>{@link org.fedra.node.consent.ConsentEngine} decides from stored consents plus the node's
 * {@link org.fedra.node.consent.DefaultPolicy};</li>
 * <li>{@link org.fedra.node.consent.ConsentFilteredView} gives a task exactly the permitted records and writes the
 * {@link org.fedra.node.consent.PatientAccessLog}.</li>
 * </ul>
 */
package org.fedra.node.consent;
