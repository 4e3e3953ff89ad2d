package org.fedra.node.inventory;

/**
 * Coarsened counts for one resource type (system and code null: all of that type) or one coded concept.
 *
 * @param resources number of resources, rounded
 * @param patients  number of distinct patients, rounded
 */
public record InventoryEntry(String resourceType, String system, String code, long resources, long patients) {
}
