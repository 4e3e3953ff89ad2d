package org.fedra.protocol.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an audit entry records. The {@linkplain #code() code} is what the log stores in the entry's {@code action}
 * field; codes never change once released, so that old logs still read (and verify: the hash covers the code).
 */
public enum AuditAction {
    // membership of the federation
    ENROLMENT_TOKEN_ISSUED("enrolment.token-issued"),
    ENROLMENT_REFUSED("enrolment.refused"),
    /** Refused and rate-limited enrolment attempts, counted per source address instead of one entry each. */
    ENROLMENT_REFUSALS_SUMMARISED("enrolment.refusals-summarised"),
    NODE_ENROLLED("node.enrolled"),
    NODE_CONNECTED("node.connected"),
    NODE_DISCONNECTED("node.disconnected"),
    NODE_REVOKED("node.revoked"),
    NODE_REFUSED("node.refused"),
    NODE_STARTED("node.started"),
    NODE_STOPPED("node.stopped"),
    HUB_STARTED("hub.started"),
    HUB_STOPPED("hub.stopped"),
    HUB_CONNECTED("hub.connected"),
    HUB_DISCONNECTED("hub.disconnected"),
    KEY_CREATED("key.created"),

    // the audit log itself
    /** A start found what a crash left (entries beyond the signed head, an unfinished last line) and took it in. */
    AUDIT_RECOVERED("audit.recovered"),
    /** The log's key was certified: its certificate from the federation CA is now kept beside the log. */
    AUDIT_CERTIFIED("audit.certified"),
    /** The other side's signed audit head went back (fewer entries, or another hash for the same count): a rollback. */
    AUDIT_HEAD_REGRESSED("audit.head-regressed"),

    // catalog
    CATALOG_UPDATED("catalog.updated"),
    INVENTORY_PUBLISHED("inventory.published"),
    // continuous trust (issue 15)
    POSTURE_SENT("posture.sent"),
    POSTURE_RECEIVED("posture.received"),
    POSTURE_REFUSED("posture.refused"),
    SECURITY_FEED_IMPORTED("security.feed-imported"),
    SECURITY_INDEX_COMPUTED("security.index-computed"),
    TOPOLOGY_IMPORTED("topology.imported"),
    /** A path request reserved its bandwidth along a path. */
    PATH_RESERVED("path.reserved"),
    PATH_RELEASED("path.released"),
    /** A change of an index or a link broke a reserved path: it was rerouted, or flagged with the reason. */
    PATH_REROUTED("path.rerouted"),
    PATH_FLAGGED("path.flagged"),
    /** A flagged reservation has a path again. */
    PATH_RESTORED("path.restored"),
    /** A node's security index fell below the federation's or a study's minimum: it gets no new tasks of that scope. */
    NODE_QUARANTINED("node.quarantined"),
    /** A quarantined node's index recovered: it takes part again. */
    NODE_RELEASED("node.released"),
    /** A threat detection raised an alert (and its policy's response, if any, follows). */
    SECURITY_ALERT("security.alert"),
    /** An alert's response suspended a study: no analysis of it runs until the operator resumes it. */
    STUDY_SUSPENDED("study.suspended"),
    STUDY_RESUMED("study.resumed"),
    /** The node's steward declared (or changed) a remediation of one vulnerability: it is sent in the next posture. */
    REMEDIATION_DECLARED("remediation.declared"),
    /** The node's steward withdrew a remediation. */
    REMEDIATION_WITHDRAWN("remediation.withdrawn"),

    // the task channel
    TASK_SUBMITTED("task.submitted"),
    TASK_SUCCEEDED("task.succeeded"),
    TASK_FAILED("task.failed"),
    TASK_RESULT_IGNORED("task.result-ignored"),
    TASK_RECEIVED("task.received"),
    TASK_RESULT_SENT("task.result-sent"),
    TASK_CANCELLED("task.cancelled"),

    // studies and contracts
    STUDY_CREATED("study.created"),
    STUDY_CONTRACT("study.contract"),
    STUDY_RELEASE("study.release"),
    /** An organisation asked for a study beyond the hub's per-organisation study rate limit; nothing was created. */
    STUDY_RATE_LIMITED("study.rate-limited"),
    CONTRACT_ACCEPTED("contract.accepted"),
    CONTRACT_DECLINED("contract.declined"),
    CONTRACT_AWAITING_APPROVAL("contract.awaiting-approval"),
    CONTRACT_TASK_REFUSED("contract.task-refused"),
    POLICY_CHANGED("policy.changed"),

    // analyses and releases
    JOB_STARTED("job.started"),
    JOB_FINISHED("job.finished"),
    JOB_CANCELLED("job.cancelled"),
    FEASIBILITY_DECLINED("feasibility.declined"),
    FEASIBILITY_RELEASED("feasibility.released"),
    SECAGG_CONTRIBUTION("secagg.contribution"),
    SECAGG_RELEASE("secagg.release"),
    SECAGG_UNMASK("secagg.unmask"),
    REGRESSION_ROWS("regression.rows"),
    TRAINING_CONTRIBUTION("training.contribution"),
    TRAINING_INDIVIDUAL_RELEASE("training.individual-release"),
    TRAINING_RESUMED("training.resumed"),
    LINKAGE_BLINDED("linkage.blinded"),
    LINKAGE_REBLINDED("linkage.reblinded"),
    LINKAGE_COUNTED("linkage.counted"),

    // code to data: researchers' packages, their approval, sandboxed runs and the output check
    PACKAGE_APPROVED("package.approved"),
    PACKAGE_SIGNER_TRUSTED("package.signer-trusted"),
    PACKAGE_APPROVAL_REVOKED("package.approval-revoked"),
    PACKAGE_REFUSED("package.refused"),
    PACKAGE_RUN_STARTED("package.run-started"),
    PACKAGE_RUN_FINISHED("package.run-finished"),
    PACKAGE_RUN_FAILED("package.run-failed"),
    OUTPUT_REFUSED("output.refused"),
    OUTPUT_QUEUED("output.queued"),
    OUTPUT_RELEASED("output.released"),
    OUTPUT_REJECTED("output.rejected"),

    // data and patients' rights
    DATA_IMPORTED("data.imported"),
    CONSENT_RECORDED("consent.recorded"),
    PATIENT_WITHDRAWAL("patient.withdrawal"),
    PATIENT_EXPORT("patient.export"),
    PATIENT_ERASURE("patient.erasure"),
    PATIENT_CONSENT_GRANTED("patient.consent-granted"),
    PATIENT_CONSENT_DECLINED("patient.consent-declined"),

    // people signing in to the node's pages (OpenID Connect)
    PORTAL_SIGNED_IN("portal.signed-in"),
    PORTAL_SIGNED_OUT("portal.signed-out"),
    PORTAL_SIGN_IN_REFUSED("portal.sign-in-refused"),
    PORTAL_ACCESS_REFUSED("portal.access-refused"),
    // the steward console (issue 13)
    STEWARD_ACCESS_LOG_SEARCHED("steward.access-log-searched"),
    AUDIT_VERIFIED("audit.verified"),
    API_TOKEN_CREATED("api-token.created"),
    API_TOKEN_REVOKED("api-token.revoked");

    private static final Map<String, AuditAction> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditAction::code, Function.identity()));

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    /** The stored form, e.g. {@code feasibility.released}. */
    public String code() {
        return code;
    }

    /** The action of a stored code; empty for codes of a newer version. */
    public static Optional<AuditAction> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
