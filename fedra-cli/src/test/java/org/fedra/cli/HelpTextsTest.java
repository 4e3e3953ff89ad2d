package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} of every command in picocli's tree prints no warning, and no description is cut mid-sentence: a
 * description (the command's, and the one-line summary its parent lists) ends with a full stop, a colon or a closing
 * bracket, and no line of it ends on a word that cannot end a sentence.
 */
class HelpTextsTest {
    @Test
    void everyCommandsHelpHasNoWarningAndNoCutSentence() {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        collect(Fedra.commandLine(), new ArrayList<>(), paths);
        assertThat(paths.size()).isGreaterThan(40);
        List<String> problems = new ArrayList<>();
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            String name = "fedra " + String.join(" ", p);
            PrintStream oldErr = System.err;
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8)); // picocli's tracer writes its WARN here
            CliRun r;
            try {
                r = CliRun.of(args.toArray(String[]::new));
            } finally {
                System.setErr(oldErr);
            }
            String all = r.out() + r.err() + stderr.toString(StandardCharsets.UTF_8);
            if (r.code() != 0) problems.add(name + ": exit " + r.code());
            if (all.contains("WARN")) problems.add(name + ": " + all.lines().filter(l -> l.contains("WARN")).findFirst().orElseThrow());
            if (!r.out().startsWith("Usage: fedra")) problems.add(name + ": no usage line");
            CommandLine cl = commandAt(p);
            String description = String.join(" ", cl.getCommandSpec().usageMessage().description()).strip();
            if (!endsASentence(description)) problems.add(name + ": description cut: ..." + tail(description));
            for (String line : r.out().split("\n")) {
                if (line.endsWith(" ")) problems.add(name + ": trailing space in \"" + line + "\"");
            }
            for (var sub : cl.getSubcommands().entrySet()) {
                if (sub.getKey().equals("help")) continue;
                // the summary the parent lists is the first line of the child's description: a whole sentence
                String[] d = sub.getValue().getCommandSpec().usageMessage().description();
                if (d.length == 0 || !endsASentence(d[0].strip())) {
                    problems.add(name + ": lists " + sub.getKey() + " with a cut summary: ..." + (d.length == 0 ? "(none)" : tail(d[0])));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void demoHelpMentionsTraining() {
        assertThat(CliRun.of("demo", "--help").out()).contains("federated training");
    }

    @Test
    void percentSignsArePrintedAsWritten() {
        assertThat(CliRun.of("study", "regression", "--help").out()).contains("95% confidence intervals");
    }

    private static boolean endsASentence(String s) {
        return s.endsWith(".") || s.endsWith(")") || s.endsWith(":") || s.endsWith("?");
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 40));
    }

    private static CommandLine commandAt(List<String> path) {
        CommandLine cl = Fedra.commandLine();
        for (String p : path) cl = cl.getSubcommands().get(p);
        return cl;
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }
}
