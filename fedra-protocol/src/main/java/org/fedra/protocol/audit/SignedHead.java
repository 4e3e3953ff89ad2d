package org.fedra.protocol.audit;

/**
 * A log's signed head: how many entries it held and the hash of the last, signed by the log's key (the statement
 * {@link org.fedra.privacy.audit.AuditChain#headStatement}). Heads are what the hub and its nodes exchange, so that each
 * keeps the other's and a rolled-back or rewritten log shows against them.
 *
 * @param count     entries covered
 * @param hash      hash of the last of them ({@link org.fedra.privacy.audit.AuditChain#GENESIS} for none)
 * @param signature base64 signature by the log's key
 */
public record SignedHead(long count, String hash, String signature) {}
