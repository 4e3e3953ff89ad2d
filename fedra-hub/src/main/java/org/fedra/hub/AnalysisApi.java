package org.fedra.hub;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import org.fedra.hub.analysis.RegressionRunner;
import org.fedra.hub.analysis.ReleaseRules;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.analysis.StatisticsRunner;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyService;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.StatisticsSpec;

/**
 * Analysis routes of the hub API: {@code POST /api/studies/{id}/statistics} and {@code POST /api/studies/{id}/regression}
 * run the analysis over the study's accepted nodes by secure aggregation and answer with the released figures
 * (recorded as a release of the study first). A malformed request is a 400 naming the field.
 */
final class AnalysisApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private AnalysisApi() {}

    /** @param stepDeadline how long a node has for each secure-aggregation step */
    static void register(Javalin app, StudyService studies, TaskDispatcher tasks, Duration stepDeadline) {
        SecureSum secureSum = new SecureSum(tasks, stepDeadline);
        StatisticsRunner statistics = new StatisticsRunner(studies, secureSum, ReleaseRules.defaults());
        RegressionRunner regression = new RegressionRunner(studies, secureSum, ReleaseRules.defaults());
        app.post("/api/studies/{id}/statistics", ctx -> {
            StatisticsSpec spec = parse(ctx, StatisticsSpec::parse);
            ctx.json(statistics.run(ctx.pathParam("id"), spec));
        });
        app.post("/api/studies/{id}/regression", ctx -> {
            RegressionSpec spec = parse(ctx, RegressionSpec::parse);
            ctx.json(regression.run(ctx.pathParam("id"), spec));
        });
    }

    private static <T> T parse(Context ctx, java.util.function.Function<JsonNode, T> parser) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (IOException e) {
            throw new StudyException(400, "the request body is not valid JSON: " + e.getMessage());
        }
        try {
            return parser.apply(body);
        } catch (AnalysisSpecException e) {
            throw new StudyException(400, e.getMessage());
        }
    }
}
