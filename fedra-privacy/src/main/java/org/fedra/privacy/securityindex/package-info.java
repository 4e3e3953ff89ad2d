/**
 * The Security Index of DESIGN.md section 6: a relative, network-wide trust score per node from
 * CVSS scores, remediation levels and weights of known vulnerabilities, and the additive path
 * weight {@code P_j} for secure path computation.
 */
package org.fedra.privacy.securityindex;
