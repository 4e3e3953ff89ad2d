package org.fedra.hub.security;

/** What the hub does when an alert is raised, besides recording and auditing it. */
public enum AlertResponse {
    NONE,
    /** The node the alert is about takes no part in anything until the operator releases it. */
    QUARANTINE_NODE,
    /** The study the alert is about runs no analysis until the operator resumes it. */
    SUSPEND_STUDY
}
