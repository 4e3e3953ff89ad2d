/**
 * The node's side of record linkage by multi-party PSI.
 *
 * <p>{@link org.fedra.node.linkage.LinkageSettings} keeps the federation linkage key and the linkage identifier
 * system in the data directory. {@link org.fedra.node.linkage.LinkageExecutor} runs the three task types of a job
 * ({@link org.fedra.protocol.linkage.LinkageTasks}) in the node's task pipeline: blind (the consented patients'
 * linkage identifiers, from the consent-filtered view, keyed-hashed and blinded with a secret fresh for the job),
 * re-blind (another node's set again, or on the counting node masked for transit) and count (the overlaps, released
 * through the pipeline's disclosure control). The job's secrets live in memory only
 * ({@link org.fedra.node.linkage.LinkageJobs}) and expire. The pipeline audits what each step sends (sizes and released
 * counts only) before sending it.
 */
package org.fedra.node.linkage;
