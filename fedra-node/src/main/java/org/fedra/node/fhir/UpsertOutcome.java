package org.fedra.node.fhir;

/** What an upsert did: importing the same content twice leaves it {@link #UNCHANGED}. */
public enum UpsertOutcome {
    CREATED, UPDATED, UNCHANGED
}
