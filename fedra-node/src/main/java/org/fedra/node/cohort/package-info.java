/**
 * Feasibility at one node: how many patients match a study's cohort criteria, and how many more could join.
 *
 * <p>{@link org.fedra.protocol.query.CohortQuery} parses and validates the JSON criteria language (errors name
 * the part by JSON path, before anything runs). {@link org.fedra.node.cohort.CohortEvaluator} decides each
 * criterion in three-valued logic, once on the task's consent-filtered view and once on the node's full data,
 * and sorts patients into {@link org.fedra.node.cohort.FeasibilityCategory}: usable, needs consent (refused
 * only by the node's default policy), refused (an explicit Consent denies), not assessable (the node lacks the
 * data to decide). Patient ids stay in the node; {@link org.fedra.node.cohort.FeasibilityCounts} is the only
 * releasable form: counts below the node's minimum cell size are suppressed, others rounded to its base.
 */
package org.fedra.node.cohort;
