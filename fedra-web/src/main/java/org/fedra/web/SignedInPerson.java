package org.fedra.web;

import java.util.Set;

/**
 * Someone who signed in, as their verified ID token says.
 *
 * @param subject            the provider's stable id of the person
 * @param name               what to call them on the page
 * @param roles              the roles the token's role claim maps to on this site (may be empty: signed in, allowed nothing)
 * @param patientIdentifier  for a patient, the hospital identifier {@code SYSTEM|VALUE} they are bound to; else null
 */
public record SignedInPerson(String subject, String name, Set<Role> roles, String patientIdentifier) {
    /** What a person may do: {@code STEWARD} and {@code PATIENT} on a node, {@code OPERATOR} and {@code RESEARCHER} on the hub. */
    public enum Role {
        STEWARD, PATIENT, OPERATOR, RESEARCHER;

        /** The setting that names the claim value of this role ({@code steward-role}, ...). */
        public String settingKey() {
            return name().toLowerCase(java.util.Locale.ROOT) + "-role";
        }

        /** The claim value used when the settings do not name one: the role's name in lower case. */
        public String defaultValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SignedInPerson {
        roles = Set.copyOf(roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }
}
