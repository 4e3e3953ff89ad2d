package org.fedra.protocol.audit;

import java.util.Objects;

/**
 * Who acted, as an audit entry records it: a role and an identifier within that role. Written into the entry's
 * {@code actor} field as {@code role:id} (e.g. {@code researcher:uni-research}, {@code steward:J. Smith},
 * {@code node:node-3}, {@code patient:<pseudonym>}), so the log format and its verification are unchanged.
 *
 * @param role what the actor is
 * @param id   which one; never a patient's real identifier (a patient is named by their pseudonym)
 */
public record Principal(Role role, String id) {
    /** The kinds of actors Fedra knows. */
    public enum Role {
        /** The federation operator (enrols and revokes nodes). */
        OPERATOR,
        /** A researcher, or the requesting organisation acting for one. */
        RESEARCHER,
        /** A hospital's data steward. */
        STEWARD,
        /** A patient acting on their own record. */
        PATIENT,
        /** A node acting on its own (a task it runs, a report it sends). */
        NODE,
        /** The hub acting on its own (dispatching, aggregating, recording). */
        HUB,
        /** Someone not yet identified (an enrolment attempt, a failed sign-in). */
        ANONYMOUS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Principal {
        Objects.requireNonNull(role, "role");
        id = id == null ? "" : AuditText.clean(id, 200);
    }

    public static Principal operator(String id) {
        return new Principal(Role.OPERATOR, id);
    }

    public static Principal researcher(String id) {
        return new Principal(Role.RESEARCHER, id);
    }

    public static Principal steward(String id) {
        return new Principal(Role.STEWARD, id);
    }

    public static Principal patient(String pseudonym) {
        return new Principal(Role.PATIENT, pseudonym);
    }

    public static Principal node(String nodeId) {
        return new Principal(Role.NODE, nodeId);
    }

    public static Principal hub() {
        return new Principal(Role.HUB, "hub");
    }

    public static Principal anonymous(String from) {
        return new Principal(Role.ANONYMOUS, from);
    }

    /** The form stored in an audit entry's {@code actor} field. */
    @Override
    public String toString() {
        return id.isEmpty() ? role.label() : role.label() + ":" + id;
    }
}
