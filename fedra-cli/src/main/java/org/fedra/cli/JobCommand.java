package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedra job}: the hub's analysis jobs (every analysis of a study runs as one). */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Analysis jobs on the hub: list them, show one, follow one with a progress bar, or cancel one (every node's work on it stops and nothing more is released).",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Show.class, JobCommand.Follow.class, JobCommand.Cancel.class})
final class JobCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the hub's jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {
        @Option(names = "--study", description = "Only the jobs of this study.")
        String study;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode jobs = target.client().get("/api/jobs" + (study == null ? "" : "?study=" + java.net.URLEncoder.encode(study, java.nio.charset.StandardCharsets.UTF_8)));
            TextTable t = TextTable.of("JOB", "STUDY", "ANALYSIS", "STATE", "CREATED");
            for (JsonNode j : jobs) {
                t.row(j.path("jobId").asText(), j.path("study").asText(), j.path("analysis").asText(), j.path("state").asText(), j.path("createdAt").asText());
            }
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a job: state, progress, and its result or failure (JSON).")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
        String id;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(target.client().get("/api/jobs/" + id).toPrettyString());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Follows a job with a progress bar on standard error until it is over; prints its result (JSON). Ctrl-C cancels the job.")
    static final class Follow implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
        String id;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode result = new JobFollower(target.client(), spec.commandLine().getErr()).follow(id);
            spec.commandLine().getOut().println(result.toPrettyString());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a job: every node working on it is told to stop, and nothing more of it is released. Exit code 1 when it is already over.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
        String id;

        @Option(names = "--reason", description = "Why (recorded in the hub's audit log).")
        String reason;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode job = target.client().post("/api/jobs/" + id + "/cancel", reason == null ? JsonCodec.object() : JsonCodec.object().put("reason", reason));
            spec.commandLine().getOut().println("job " + job.path("jobId").asText() + ": " + job.path("state").asText()
                    + (job.has("failure") ? " (" + job.path("failure").path("message").asText() + ")" : ""));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
