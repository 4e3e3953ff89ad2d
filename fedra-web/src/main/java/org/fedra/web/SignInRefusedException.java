package org.fedra.web;

/** A sign-in that did not complete: a bad, forged, expired or misdirected token, or a provider that refused the code. */
public final class SignInRefusedException extends Exception {
    public SignInRefusedException(String message) {
        super(message);
    }
}
