package org.fedra.node.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a personal API token may do on the node's API: one scope per group of routes, read and write apart. The
 * steward's own token (in {@code steward.token}) may do everything; a personal token only what its scopes name.
 * Pure: {@link #required} maps a request to the scope it needs.
 */
public enum ApiScope {
    INVENTORY_READ("inventory:read", "read the data inventory"),
    INVENTORY_PUBLISH("inventory:publish", "publish the inventory to the hub"),
    PATIENTS_READ("patients:read", "read a patient's access log, consent requests and data export"),
    PATIENTS_WRITE("patients:write", "withdraw, erase, and answer consent requests for a patient"),
    APPROVALS_READ("approvals:read", "list studies awaiting approval"),
    APPROVALS_WRITE("approvals:write", "approve or reject studies"),
    POLICY_READ("policy:read", "read the node policy"),
    POLICY_WRITE("policy:write", "reload the node policy"),
    RELEASES_READ("releases:read", "list package outputs and approvals, and the organisations' budgets"),
    RELEASES_WRITE("releases:write", "release or reject package outputs, approve packages");

    private final String code;
    private final String meaning;

    ApiScope(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** As written in a token's scopes, e.g. {@code inventory:read}. */
    public String code() {
        return code;
    }

    /** What it allows, in words (shown on the console). */
    public String meaning() {
        return meaning;
    }

    public static Optional<ApiScope> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    /** The scope a request needs, or empty for routes only the steward's own token may call. */
    public static Optional<ApiScope> required(String method, String path) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/api/inventory")) return read ? Optional.of(INVENTORY_READ) : Optional.empty();
        if (path.equals("/api/inventory/publish")) return read ? Optional.empty() : Optional.of(INVENTORY_PUBLISH);
        if (path.startsWith("/api/patients/")) return Optional.of(read ? PATIENTS_READ : PATIENTS_WRITE);
        if (path.equals("/api/approvals") || path.startsWith("/api/approvals/")) return Optional.of(read ? APPROVALS_READ : APPROVALS_WRITE);
        if (path.equals("/api/policy") || path.startsWith("/api/policy/")) return Optional.of(read ? POLICY_READ : POLICY_WRITE);
        if (path.equals("/api/releases") || path.startsWith("/api/releases/") || path.startsWith("/api/package-approvals/")
                || path.equals("/api/budgets") || path.startsWith("/api/budgets/")) {
            return Optional.of(read ? RELEASES_READ : RELEASES_WRITE);
        }
        return Optional.empty();
    }
}
