package org.fedra.privacy.securityindex;

/** What a node's steward did about a vulnerability. */
public enum RemediationKind {
    /** Nothing declared (remediation level 1). */
    NONE,
    /** A fix is applied that the package version does not show (a backport, a hot patch). */
    PATCHED,
    /** The vulnerable feature is switched off or not reachable by configuration. */
    MITIGATED_BY_CONFIGURATION,
    /** Another control reduces the risk (a firewall rule, an isolated network segment, monitoring). */
    COMPENSATING_CONTROL
}
