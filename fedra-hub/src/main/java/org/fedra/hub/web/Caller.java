package org.fedra.hub.web;

import io.javalin.http.Context;
import java.util.Set;
import org.fedra.protocol.audit.Principal;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * Who is calling the hub's API or pages, and with which roles: the operator's token (automation; every role), a
 * personal API token (its scopes), or a signed-in person's session (their roles; state changes need the session's
 * CSRF token).
 *
 * @param principal as audit entries name the caller
 * @param session   the browser session, or null for a bearer token
 */
public record Caller(Principal principal, Set<Role> roles, Kind kind, Sessions.Session session) {
    /** How the caller proved who they are. */
    public enum Kind { OPERATOR_TOKEN, API_TOKEN, SESSION }

    static final String ATTRIBUTE = "fedra.caller";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** The caller the access check attached to this request; the operator token's when none was (no check ran). */
    public static Caller of(Context ctx) {
        Caller c = ctx.attribute(ATTRIBUTE);
        return c != null ? c : operatorToken();
    }

    static Caller operatorToken() {
        return new Caller(Principal.operator(""), Set.of(Role.OPERATOR, Role.RESEARCHER), Kind.OPERATOR_TOKEN, null);
    }

    /** The principal of someone with these roles: the operator role wins (it is the one that can change the federation). */
    static Principal principalOf(String id, Set<Role> roles) {
        if (roles.contains(Role.OPERATOR)) return Principal.operator(id);
        if (roles.contains(Role.RESEARCHER)) return Principal.researcher(id);
        return Principal.anonymous(id);
    }
}
