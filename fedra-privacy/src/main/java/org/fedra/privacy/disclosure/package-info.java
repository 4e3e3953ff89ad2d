/**
 * Statistical disclosure control for released tables and counts: minimum cell counts with
 * primary and secondary suppression (two-way: {@link org.fedra.privacy.disclosure.CellSuppression};
 * n-way: {@link org.fedra.privacy.disclosure.MultiwaySuppression}), an exact attacker
 * ({@link org.fedra.privacy.disclosure.MarginAttack}) that verifies a suppression pattern,
 * rounding, the (n, k) dominance rule for magnitude tables, and a per-study
 * {@link org.fedra.privacy.disclosure.QueryAuditor} against differencing.
 */
package org.fedra.privacy.disclosure;
