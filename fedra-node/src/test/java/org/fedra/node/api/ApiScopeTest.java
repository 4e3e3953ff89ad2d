package org.fedra.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which scope each route of the node's API needs; routes outside every scope are the steward token's alone. */
class ApiScopeTest {
    @Test
    void readsAndWritesNeedTheirOwnScope() {
        assertThat(ApiScope.required("GET", "/api/inventory")).contains(ApiScope.INVENTORY_READ);
        assertThat(ApiScope.required("POST", "/api/inventory/publish")).contains(ApiScope.INVENTORY_PUBLISH);
        assertThat(ApiScope.required("GET", "/api/patients/urn%3Ax%7C1/access-log")).contains(ApiScope.PATIENTS_READ);
        assertThat(ApiScope.required("DELETE", "/api/patients/urn%3Ax%7C1")).contains(ApiScope.PATIENTS_WRITE);
        assertThat(ApiScope.required("POST", "/api/patients/urn%3Ax%7C1/withdraw")).contains(ApiScope.PATIENTS_WRITE);
        assertThat(ApiScope.required("GET", "/api/approvals")).contains(ApiScope.APPROVALS_READ);
        assertThat(ApiScope.required("POST", "/api/approvals/S-1/approve")).contains(ApiScope.APPROVALS_WRITE);
        assertThat(ApiScope.required("GET", "/api/policy")).contains(ApiScope.POLICY_READ);
        assertThat(ApiScope.required("POST", "/api/policy/reload")).contains(ApiScope.POLICY_WRITE);
        assertThat(ApiScope.required("GET", "/api/budgets/uni-a")).contains(ApiScope.RELEASES_READ);
        assertThat(ApiScope.required("POST", "/api/releases/r-1/release")).contains(ApiScope.RELEASES_WRITE);
        assertThat(ApiScope.required("POST", "/api/package-approvals/S-1")).contains(ApiScope.RELEASES_WRITE);
    }

    @Test
    void routesOutsideEveryScopeAndLookalikePathsNeedTheStewardToken() {
        assertThat(ApiScope.required("GET", "/api/inventory/publish")).isEmpty();
        assertThat(ApiScope.required("DELETE", "/api/inventory")).isEmpty();
        assertThat(ApiScope.required("GET", "/api/inventoryx")).isEmpty();
        assertThat(ApiScope.required("GET", "/api/policyx")).isEmpty();
        assertThat(ApiScope.required("GET", "/api/something-new")).isEmpty();
    }

    @Test
    void everyScopeHasADistinctCodeThatReadsBack() {
        assertThat(Arrays.stream(ApiScope.values()).map(ApiScope::code).distinct()).hasSize(ApiScope.values().length);
        for (ApiScope s : ApiScope.values()) assertThat(ApiScope.ofCode(s.code())).contains(s);
        assertThat(ApiScope.ofCode("inventory:*")).isEmpty();
    }
}
