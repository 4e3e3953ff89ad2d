package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.fedra.privacy.audit.AuditChain;
import org.fedra.privacy.audit.AuditRecord;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.Pem;

/**
 * What an attacker who can write the data directory does to an audit log: rewrites entries and signs the whole chain
 * and its head again with a key they hold, so that the log verifies against the key file they leave beside it.
 */
final class AuditForger {
    private static final AuditChain CHAIN = new AuditChain(Certificates.SIGNATURE_ALGORITHM);

    private AuditForger() {}

    /**
     * Re-signs every entry of the log in {@code dir} with {@code key} (details changed by {@code edit}, given the entry's
     * 1-based position and detail), writes the matching head and puts {@code key}'s public half in {@code audit-key.pem}.
     */
    static void resign(Path dir, KeyPair key, BiFunction<Integer, String, String> edit) throws IOException {
        List<String> out = new ArrayList<>();
        AuditRecord last = null;
        int position = 0;
        for (String line : Files.readAllLines(dir.resolve(AuditLog.LOG_FILE))) {
            JsonNode o = JsonCodec.MAPPER.readTree(line);
            position++;
            last = CHAIN.next(last, o.get("time").asText(), o.get("actor").asText(), o.get("action").asText(),
                    edit.apply(position, o.get("detail").asText()), key.getPrivate());
            ObjectNode n = JsonCodec.MAPPER.createObjectNode();
            n.put("seq", last.sequence()).put("time", last.time()).put("actor", last.actor()).put("action", last.action()).put("detail", last.detail())
                    .put("prev", last.previous()).put("hash", last.hash()).put("sig", last.signature());
            out.add(n.toString());
        }
        Files.write(dir.resolve(AuditLog.LOG_FILE), out, StandardCharsets.UTF_8);
        ObjectNode head = JsonCodec.MAPPER.createObjectNode().put("count", last.sequence()).put("hash", last.hash())
                .put("sig", CHAIN.sign(AuditChain.headStatement(last.sequence(), last.hash()), key.getPrivate()));
        Files.writeString(dir.resolve(AuditLog.HEAD_FILE), head.toString());
        Pem.write(dir.resolve(AuditLog.KEY_FILE), false, key.getPublic());
    }
}
