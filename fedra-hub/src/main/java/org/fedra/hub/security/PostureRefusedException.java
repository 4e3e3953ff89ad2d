package org.fedra.hub.security;

/** A posture the hub does not accept: unsigned, signed by another key, malformed, or not newer than the last. */
public final class PostureRefusedException extends RuntimeException {
    public PostureRefusedException(String message) {
        super(message);
    }
}
