package org.fedra.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One in-process {@code fedra audit verify --data-dir DIR ...}: its exit code and what it printed. */
record AuditVerifyRun(int code, String out) {
    static synchronized AuditVerifyRun of(Path dir, String... more) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[3 + more.length];
            args[0] = "audit";
            args[1] = "verify";
            args[2] = "--data-dir=" + dir;
            System.arraycopy(more, 0, args, 3, more.length);
            int code = Fedra.commandLine().execute(args);
            return new AuditVerifyRun(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
