package org.fedra.node.cohort;

/** Three-valued (Kleene) logic: UNKNOWN when the data needed to decide a criterion is missing. */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth and(Truth o) {
        if (this == FALSE || o == FALSE) return FALSE;
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    Truth or(Truth o) {
        if (this == TRUE || o == TRUE) return TRUE;
        return this == FALSE && o == FALSE ? FALSE : UNKNOWN;
    }

    Truth not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }
}
