package org.fedra.node.study;

/**
 * The node's check that a study may run an analysis here: nothing touches data without an accepted contract.
 * Every analysis task handler asks the gate first, with the study id from its payload.
 */
public interface StudyGate {
    /**
     * The accepted contract of {@code studyId} covering {@code analysis}.
     *
     * @throws StudyNotAuthorisedException no contract, a declined or still unapproved one, or one that does not
     *                                     list the analysis; the message says which (it is sent to the hub)
     */
    AuthorisedStudy authorise(String studyId, String analysis);
}
