package org.fedra.node;

/** The hub could not be reached (wrong address, hub down, network) after the configured attempts. */
public final class HubUnreachableException extends RuntimeException {
    public HubUnreachableException(String message) {
        super(message);
    }
}
