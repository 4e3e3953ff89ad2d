package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.fedra.web.SignedInPerson.Role;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {
    @Test
    void operatorRoutesResearchRoutesAndTheRestClosed() {
        for (String p : new String[] {"/api/enrolments", "/api/nodes", "/api/nodes/n-1/revoke", "/api/tasks", "/api/security", "/api/topology", "/api/paths"}) {
            assertThat(RoutePolicy.required(p)).as(p).contains(Role.OPERATOR);
        }
        for (String p : new String[] {"/api/catalog", "/api/studies", "/api/studies/s-1/feasibility", "/api/jobs/j-1/events", "/api/training/t-1", "/api/models/m-1"}) {
            assertThat(RoutePolicy.required(p)).as(p).contains(Role.RESEARCHER);
        }
        assertThat(RoutePolicy.required("/api/health")).isEmpty();
        assertThat(RoutePolicy.required("/api/tokens")).isEmpty();
        // a route nobody listed is the operator's; a look-alike prefix is not the researcher's
        assertThat(RoutePolicy.required("/api/some-new-route")).contains(Role.OPERATOR);
        assertThat(RoutePolicy.required("/api/studiesx")).contains(Role.OPERATOR);
        assertThat(RoutePolicy.isPublic("/api/healthz")).isFalse();
        assertThat(RoutePolicy.required("/api/openapi.json")).isEqualTo(Optional.empty());
    }
}
