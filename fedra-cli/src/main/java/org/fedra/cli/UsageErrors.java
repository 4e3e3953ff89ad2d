package org.fedra.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors of the command line: a word the command does not know (a sub-command that does not exist, a stray
 * argument) is an error even beside {@code --help}, where picocli would otherwise print the parent's help and exit 0;
 * the error names the word and suggests the closest command, and exits {@link ExitCodes#USAGE}.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

    /** Refuses unknown words anywhere on the command line before anything runs (help included). */
    @Override
    public int execute(ParseResult parseResult) {
        for (CommandLine cl : parseResult.asCommandLineList()) {
            List<String> unmatched = cl.getParseResult().unmatched();
            if (!unmatched.isEmpty()) {
                throw new UnmatchedArgumentException(cl, new ArrayList<>(unmatched));
            }
        }
        return next.execute(parseResult);
    }

    private static String commandNames(CommandLine cl) {
        List<String> names = new ArrayList<>(cl.getSubcommands().keySet());
        names.remove("help");
        return String.join(", ", names);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String command = cl.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            boolean option = word.startsWith("-");
            err.println("fedra: error: " + (option ? "unknown option '" + word + "'" : cl.getSubcommands().isEmpty()
                    ? "unexpected argument '" + word + "'" : "unknown command '" + word + "'") + " for '" + command + "'");
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + command + " " + suggestions.get(0) + "?");
            } else if (!option && !cl.getSubcommands().isEmpty()) {
                err.println("The commands of '" + command + "' are: " + commandNames(cl) + ".");
            }
        } else if (!cl.getSubcommands().isEmpty() && e.getMessage() != null && e.getMessage().startsWith("Missing required subcommand")) {
            err.println("fedra: error: '" + command + "' needs one of its commands: " + commandNames(cl) + ".");
        } else {
            err.println("fedra: error: " + e.getMessage());
        }
        err.println("Try '" + command + " --help' for its usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
