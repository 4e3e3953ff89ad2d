package org.fedra.hub.web;

import java.util.List;
import java.util.Optional;
import org.fedra.web.SignedInPerson.Role;

/**
 * Which role each route of the hub needs. The operator's routes change or inspect the federation (enrolment, nodes,
 * raw tasks, security posture, audit); the researcher's work with studies and their results. A route not named here
 * is the operator's: a new route is closed until someone opens it on purpose.
 */
public final class RoutePolicy {
    /** Needs no sign-in at all. */
    public static final List<String> PUBLIC = List.of("/api/health", "/api/openapi.json");
    /** Any signed-in caller, for their own things (their API tokens). */
    public static final List<String> ANY_ROLE = List.of("/api/tokens");
    private static final List<String> RESEARCH = List.of("/api/catalog", "/api/studies", "/api/jobs", "/api/training", "/api/models");

    private RoutePolicy() {}

    /** The role a request path needs; empty for the public routes and for the ones any signed-in caller may use. */
    public static Optional<Role> required(String path) {
        if (matches(PUBLIC, path) || matches(ANY_ROLE, path)) return Optional.empty();
        if (matches(RESEARCH, path) || path.startsWith("/research")) return Optional.of(Role.RESEARCHER);
        return Optional.of(Role.OPERATOR);
    }

    public static boolean isPublic(String path) {
        return matches(PUBLIC, path);
    }

    private static boolean matches(List<String> prefixes, String path) {
        for (String p : prefixes) {
            if (path.equals(p) || path.startsWith(p + "/")) return true;
        }
        return false;
    }
}
