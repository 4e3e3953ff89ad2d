package org.fedra.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A {@code fedra study} sub-command that runs one analysis (a picocli {@code @Command} with a public no-argument
 * constructor). The command line finds them through {@link ServiceLoader}
 * ({@code META-INF/services/org.fedra.cli.AnalysisCommand}), so a new analysis brings its command without touching
 * {@code fedra study}. Such a command usually runs its analysis as a job with {@link JobFollower}.
 */
public interface AnalysisCommand {
    /** Every registered analysis command, in the order of the services files. */
    static List<AnalysisCommand> all() {
        List<AnalysisCommand> out = new ArrayList<>();
        ServiceLoader.load(AnalysisCommand.class, AnalysisCommand.class.getClassLoader()).forEach(out::add);
        return out;
    }
}
