package org.fedra.it;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fedra.hub.HubDataDir;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.privacy.audit.AuditRecord;

/**
 * The child process of {@link AuditCrashLoopTest}: opens the real audit log of a hub data directory with the hub's
 * certified key, as {@code fedra hub} does (recovering whatever the previous, killed child left), then appends from
 * several threads at once until it is killed. Prints {@code open N} once the log is open (N entries), and
 * {@code ack SEQ DETAIL} for every entry after {@code append} returned, i.e. every acknowledged entry.
 */
public final class AuditCrashWorkload {
    private AuditCrashWorkload() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        HubDataDir hub = HubDataDir.openOrCreate(dir, List.of(), Instant.now(), new SecureRandom());
        AuditLog log = AuditLog.open(dir, hub.hubKey(), hub.hubCertificate(), Clock.systemUTC(), Principal.hub());
        synchronized (out) {
            out.println("open " + log.head().count());
            out.flush();
        }
        String run = Long.toString(ProcessHandle.current().pid());
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (long k = 0; ; k++) {
                    String detail = "run " + run + " writer " + writer + " entry " + k;
                    AuditRecord r = log.append(AuditAction.TASK_RESULT_SENT, detail);
                    synchronized (out) {
                        out.println("ack " + r.sequence() + " " + detail);
                        out.flush();
                    }
                }
            }, "writer-" + w);
            t.start();
        }
    }
}
