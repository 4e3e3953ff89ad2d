package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedra study regression}: exact federated logistic or linear regression over a study's nodes. */
@Command(name = "regression", mixinStandardHelpOptions = true,
        description = {"Exact federated regression (Newton-Raphson; each iteration securely sums the nodes' gradients and "
                + "Hessians, so the coefficients equal a pooled fit). Complete cases only. Prints the coefficient table with "
                + "standard errors, z or t values, p-values and 95%% confidence intervals.",
                "Variables: NAME=SYSTEM|CODE[@UNIT] for an observation (the patient's most recent), or age, or sex."})
public final class StudyRegressionCommand implements Callable<Integer>, AnalysisCommand {
    @Option(names = "--study", required = true, description = "The study id (see: fedra study list).")
    String study;

    @Option(names = "--family", defaultValue = "logistic", description = "logistic or linear (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--outcome", required = true, description = "The outcome variable, e.g. num=urn:fedra:codesystem:uci-heart-disease|num.")
    String outcome;

    @Option(names = "--outcome-above", description = "Logistic: the outcome is 1 when its value is above this (e.g. 0 for num > 0).")
    Double outcomeAbove;

    @Option(names = "--predictor", required = true, description = "A predictor; repeat for each, in order.")
    List<String> predictors;

    @Option(names = "--max-iterations", defaultValue = "25", description = "Upper bound on Newton iterations (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("family", family);
        body.set("outcome", AnalysisVariables.parse(outcome, "--outcome"));
        if (outcomeAbove != null) body.put("outcomeAbove", outcomeAbove);
        ArrayNode ps = body.putArray("predictors");
        for (String p : predictors) ps.add(AnalysisVariables.parse(p, "--predictor"));
        body.put("maxIterations", maxIterations);
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "regression", body);
        spec.commandLine().getOut().print(r.path("table").asText());
        spec.commandLine().getOut().print(StudyStatisticsCommand.guarantee(r.path("guarantee")));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
