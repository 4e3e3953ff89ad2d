/**
 * The node's local HTTP API for the hospital's data steward: a patient's rights (access log, withdrawal,
 * export, erasure) and the node's inventory, behind the steward's bearer token. Served by the node process
 * ({@link org.fedra.node.NodeAgent}), on loopback unless configured otherwise; the hub never calls it.
 */
package org.fedra.node.api;
