package org.fedra.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the fedra command: its exit code and what it wrote through picocli's streams. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        CommandLine cl = Fedra.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
