package org.fedra.node.web;

import java.time.Instant;

/**
 * What the steward's status page shows of the running node.
 *
 * @param nodeId             the node's id in the federation
 * @param hubAddress         host:port of the hub it dials out to
 * @param connected          whether a stream to the hub is open now
 * @param certificateExpiry  when the node's certificate from the federation CA stops being valid
 */
public record NodeStatus(String nodeId, String hubAddress, boolean connected, Instant certificateExpiry) {}
