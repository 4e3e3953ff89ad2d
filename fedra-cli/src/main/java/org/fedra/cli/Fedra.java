package org.fedra.cli;

import org.fedra.node.HubUnreachableException;
import org.fedra.node.NodeRefusedException;
import org.fedra.protocol.pki.CorruptFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fedra} command. */
@Command(name = "fedra", mixinStandardHelpOptions = true, versionProvider = Fedra.Version.class,
        description = "Fedra: federated, privacy-preserving medical research. Hospitals keep their data; analyses travel to it.",
        subcommands = {HubCommand.class, NodeCommand.class, StudyCommand.class, JobCommand.class, ModelCommand.class, PackageCommand.class,
                AuditCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok; 1 no result (an analysis failed or was cancelled, a job already over, an audit log that does not "
                + "verify); 2 usage or bad input (node import: some input refused, the rest stored); 3 missing or damaged data "
                + "directory; 4 hub unreachable or refused (bad token, revoked node, wrong CA; study create: no node accepted)."})
public final class Fedra {
    public static void main(String[] args) {
        org.fedra.node.NodeDatabase.keepAutoServerOnLoopback();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fedra());
        CommandLine study = cl.getSubcommands().get("study");
        for (AnalysisCommand command : AnalysisCommand.all()) {
            study.addSubcommand(new CommandLine(command));
        }
        UsageErrors usage = new UsageErrors();
        cl.setExecutionStrategy(usage);
        cl.setParameterExceptionHandler(usage);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("fedra: error: " + message(e));
            return exitCode(e);
        });
        return cl;
    }

    static int exitCode(Throwable e) {
        if (e instanceof CorruptFileException) {
            return ExitCodes.DATA_DIR;
        }
        if (e instanceof NodeRefusedException || e instanceof HubUnreachableException || e instanceof HubClient.HubRequestException) {
            return ExitCodes.REFUSED;
        }
        if (e instanceof IllegalArgumentException || e instanceof org.fedra.node.onboarding.ImportFileException
                || e instanceof org.fedra.protocol.failure.Failure f && f.reason() == org.fedra.protocol.failure.FailureReason.BAD_INPUT) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE; // includes HubClient.NoResultException: the request was sound, it produced no result
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Fedra.class.getPackage().getImplementationVersion();
            return new String[] {"fedra " + (v == null ? "0.1.0-dev" : v)};
        }
    }
}
