/**
 * The node's side of record linkage by multi-party PSI.
 *
 * <p>{@link org.fedra.node.linkage.LinkageSettings} keeps the federation linkage key and the linkage identifier
 * system in the data directory. Three task types ({@link org.fedra.protocol.linkage.LinkageTasks}) make up a job:
 * {@link org.fedra.node.linkage.PsiBlindHandler} authorises the study, reads the consented patients through the
 * consent-filtered view, looks up their linkage identifiers in the re-identification map and returns them keyed-hashed
 * and blinded with a secret fresh for the job; {@link org.fedra.node.linkage.PsiReblindHandler} blinds another node's
 * set again (or, on the counting node, masks it for transit); {@link org.fedra.node.linkage.PsiCountHandler} counts
 * the overlaps and releases them through the node's disclosure control ({@link org.fedra.node.linkage.OverlapRelease}).
 * The job's secrets live in memory only ({@link org.fedra.node.linkage.LinkageJobs}) and expire. Every step audits
 * what it sends (sizes and released counts only) before sending it.
 */
package org.fedra.node.linkage;
