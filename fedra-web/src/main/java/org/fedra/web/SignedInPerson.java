package org.fedra.web;

import java.util.Set;

/**
 * Someone who signed in, as their verified ID token says.
 *
 * @param subject            the provider's stable id of the person
 * @param name               what to call them on the page
 * @param roles              the node roles the token's role claim maps to (may be empty: signed in, allowed nothing)
 * @param patientIdentifier  for a patient, the hospital identifier {@code SYSTEM|VALUE} they are bound to; else null
 */
public record SignedInPerson(String subject, String name, Set<Role> roles, String patientIdentifier) {
    public enum Role { STEWARD, PATIENT }

    public SignedInPerson {
        roles = Set.copyOf(roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }
}
