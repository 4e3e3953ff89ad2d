package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.fedra.hub.Hub;
import org.fedra.node.NodeAgent;
import org.fedra.node.consent.AccessLogEntry;
import org.fedra.node.rights.ConsentRequest;

/**
 * The study part of {@code fedra demo}: what a researcher does through the hub's API, and what the hospitals'
 * stewards and patients do on their side, from contracts to a regression and a linkage count.
 */
final class DemoStudy {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    /** Hypertension, aged 40 to 85, with an HbA1c measured. */
    private static final String QUERY = "{\"and\": [{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\"}},"
            + " {\"age\": {\"min\": 40, \"max\": 85}}, {\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"4548-4\"}}]}";

    private final PrintStream out;
    private final HubClient researcher;
    private final Hub hub;
    private final List<NodeAgent> nodes;
    private final List<String> hospitals;
    private final String organisation;
    private String study;
    /** Patients of the first hospital who accepted the study's consent request. */
    private final List<String> acceptedAtFirst = new ArrayList<>();

    DemoStudy(PrintStream out, HubClient researcher, Hub hub, List<NodeAgent> nodes, List<String> hospitals, String organisation) {
        this.out = out;
        this.researcher = researcher;
        this.hub = hub;
        this.nodes = nodes;
        this.hospitals = hospitals;
        this.organisation = organisation;
    }

    /** Runs the study stages, numbered from {@code first} of {@code total}. */
    void run(int first, int total) {
        int s = first;
        contracts(stage(s++, total));
        feasibility(stage(s++, total));
        statistics(stage(s++, total));
        regression(stage(s++, total));
        linkage(stage(s++, total));
        training(stage(s++, total));
        patientView(stage(s, total));
    }

    private String stage(int n, int total) {
        return "[" + n + "/" + total + "] ";
    }

    private void contracts(String stage) {
        out.println(stage + "A study by " + organisation + " (purpose HRESCH, healthcare research): each hospital decides by its policy");
        ObjectNode body = JSON.createObjectNode().put("title", "Diabetes and cardiovascular risk").put("purpose", "HRESCH")
                .put("organisation", organisation).put("allowPartial", true);
        nodes.forEach(n -> body.withArray("nodes").add(n.nodeId()));
        for (String a : List.of("feasibility", "statistics", "regression", "linkage", "training")) {
            body.withArray("analyses").add(a);
        }
        JsonNode s = researcher.post("/api/studies", body);
        study = s.path("id").asText();
        contractTable(s);
        NodeAgent c = nodes.get(2);
        out.printf("      the data steward of %s approves it (fedra node approvals approve %s)%n", hospitals.get(2), study);
        c.contracts().approve(study, "data steward of " + hospitals.get(2));
        contractTable(researcher.post("/api/studies/" + study + "/refresh", JSON.createObjectNode()));

        ObjectNode commercial = JSON.createObjectNode().put("title", "Market sizing").put("purpose", "HMARKT").put("organisation", "pharma-co");
        nodes.forEach(n -> commercial.withArray("nodes").add(n.nodeId()));
        commercial.withArray("analyses").add("feasibility");
        JsonNode declined = researcher.post("/api/studies", commercial);
        long declines = 0;
        for (JsonNode d : declined.path("contracts")) {
            declines += d.path("status").asText().equals("declined") ? 1 : 0;
        }
        String reason = declined.path("contracts").get(0).path("reason").asText();
        out.printf("      a commercial study (HMARKT) by pharma-co: declined by %d of %d hospitals (%s)%n", declines, nodes.size(),
                reason.contains(" (accepted") ? reason.substring(0, reason.indexOf(" (accepted")) : reason);
    }

    private void contractTable(JsonNode s) {
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode c = s.path("contracts").get(i);
            out.printf("      %-11s %-18s %s%n", hospitals.get(i), c.path("status").asText(), c.path("reason").asText());
        }
    }

    private void feasibility(String stage) {
        out.println(stage + "Feasibility: hypertension (ICD-10 I10), aged 40-85, HbA1c measured; each hospital counts on its own data");
        JsonNode first = feasibilityQuery();
        int accepted = 0;
        int declined = 0;
        for (NodeAgent n : nodes) {
            List<ConsentRequest> pending = n.dataLayer().consentInbox().pendingOf(study);
            for (int i = 0; i < pending.size(); i++) {
                ConsentRequest r = pending.get(i);
                if (i % 10 < 7) {
                    n.dataLayer().consentInbox().accept(r.patientId(), r.id());
                    accepted++;
                    if (n == nodes.get(0)) {
                        acceptedAtFirst.add(r.patientId());
                    }
                } else if (i % 10 == 7) {
                    n.dataLayer().consentInbox().decline(r.patientId(), r.id());
                    declined++;
                }
            }
        }
        out.printf("      consent in the loop: patients who 'would need consent' got a request in their hospital's inbox;%n"
                + "      %d accepted, %d declined, the rest have not answered yet. The same query again:%n", accepted, declined);
        JsonNode second = feasibilityQuery();
        out.printf("      usable now: %s -> %s patients%n", total(first, "usable"), total(second, "usable"));
        out.println("      'refused' is the hospitals' query auditing at work: that count, set against the first query's, would single out");
        out.println("      fewer than 10 patients (those who declined or have not answered yet), so the hospital withholds it.");
    }

    private static String total(JsonNode r, String category) {
        JsonNode t = r.path("totals").path(category);
        return t.path("count").asLong() + (t.path("complete").asBoolean() ? "" : " (incomplete)");
    }

    private JsonNode feasibilityQuery() {
        ObjectNode body = JSON.createObjectNode();
        try {
            body.set("query", JSON.readTree(QUERY));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode r = researcher.post("/api/studies/" + study + "/feasibility", body);
        PrintWriter w = indented();
        StudyFeasibilityCommand.print(r, w);
        w.flush();
        return r;
    }

    private void statistics(String stage) {
        out.println(stage + "Descriptive statistics of HbA1c by secure aggregation (the hub sees only the pooled sums)");
        ObjectNode body = JSON.createObjectNode();
        body.set("variable", AnalysisVariables.parse("hba1c=http://loinc.org|4548-4@%", "variable"));
        body.set("edges", AnalysisVariables.numbers("4,5,6,6.5,7,8,10,14", "edges"));
        body.set("by", AnalysisVariables.parse("sex", "by"));
        body.set("categories", AnalysisVariables.numbers("0,1", "categories"));
        JsonNode r = researcher.post("/api/studies/" + study + "/statistics", body);
        print(StudyStatisticsCommand.format(r));
    }

    private void regression(String stage) {
        out.println(stage + "Logistic regression of HbA1c > 6.5% on age, sex, BMI and systolic blood pressure: Newton-Raphson,"
                + " each iteration's gradient and Hessian summed securely");
        ObjectNode body = JSON.createObjectNode().put("family", "logistic");
        body.set("outcome", AnalysisVariables.parse("hba1c=http://loinc.org|4548-4@%", "outcome"));
        body.put("outcomeAbove", 6.5);
        for (String p : List.of("age", "sex", "bmi=http://loinc.org|39156-5@kg/m2", "sbp=http://loinc.org|8480-6@mm[Hg]")) {
            body.withArray("predictors").add(AnalysisVariables.parse(p, "predictor"));
        }
        JsonNode r = researcher.post("/api/studies/" + study + "/regression", body);
        print(r.path("table").asText());
        print(StudyStatisticsCommand.guarantee(r.path("guarantee")));
    }

    private void linkage(String stage) {
        out.println(stage + "Record linkage by PSI: how many patients were treated at two hospitals (generated to share 100 national"
                + " numbers A-B and 100 B-C),");
        out.println("      counting only patients whose consent allows the study; the hub relays blinded values only");
        JsonNode r = researcher.post("/api/studies/" + study + "/linkage", JSON.createObjectNode());
        PrintWriter w = indented();
        StudyLinkageCommand.print(r, w);
        w.flush();
    }

    private void training(String stage) {
        out.println(stage + "Federated training: a logistic model of HbA1c > 6.5% on age, sex, BMI and systolic blood pressure, FedAvg,");
        out.println("      updates by secure aggregation, standardisation from pooled sums, 25% of each hospital's patients held out");
        String model = "{\"features\": [{\"name\": \"age\", \"patient\": \"age\"}, {\"name\": \"sex\", \"patient\": \"sex\"},"
                + " {\"name\": \"bmi\", \"system\": \"http://loinc.org\", \"code\": \"39156-5\", \"unit\": \"kg/m2\"},"
                + " {\"name\": \"sbp\", \"system\": \"http://loinc.org\", \"code\": \"8480-6\", \"unit\": \"mm[Hg]\"}],"
                + " \"outcome\": {\"name\": \"hba1c\", \"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"unit\": \"%\"},"
                + " \"outcomeAbove\": 6.5, \"testFraction\": 0.25}";
        String config = "{\"strategy\": \"fedavg\", \"rounds\": 10, \"localEpochs\": 2, \"batchSize\": 16, \"learningRate\": 0.1, \"seed\": 2026}";
        JsonNode job;
        try {
            ObjectNode body = JSON.createObjectNode().put("name", "diabetes-risk");
            body.set("model", JSON.readTree(model));
            body.set("config", JSON.readTree(config));
            job = researcher.post("/api/studies/" + study + "/training", body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String jobId = job.path("jobId").asText();
        int shown = -1;
        while (true) {
            job = researcher.get("/api/training/" + jobId);
            int round = job.path("round").asInt();
            if (round != shown) {
                out.println("      " + StudyTrainCommand.progress(round, job.path("rounds").asInt(), job.path("metrics")));
                shown = round;
            }
            if (!"running".equals(job.path("status").asText())) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            }
        }
        if (!"finished".equals(job.path("status").asText())) {
            throw new IllegalStateException("the training job " + jobId + " ended " + job.path("status").asText() + ": " + job.path("stopReason").asText());
        }
        JsonNode last = job.path("metrics").get(job.path("metrics").size() - 1);
        PooledBaseline pooled = PooledBaseline.of(nodes, study, organisation, model, config);
        out.printf("      %-28s %10s %10s %10s%n", "held-out (pooled over sites)", "AUC", "accuracy", "loss");
        out.printf("      %-28s %10s %10s %10s%n", "federated, 10 rounds", ModelCommand.number(last.path("auc"), "%.4f"),
                ModelCommand.number(last.path("accuracy"), "%.4f"), ModelCommand.number(last.path("loss"), "%.4f"));
        out.printf("      %-28s %10.4f %10.4f %10.4f%n", "pooled training (baseline)", pooled.auc(), pooled.accuracy(), pooled.loss());
        out.printf("      model %s registered (fedra model show %s); the pooled baseline exists only because this demo can see every%n"
                + "      hospital's data - in a real federation nobody can compute it%n", job.path("modelId").asText(), job.path("modelId").asText());
    }

    /** A patient of the first hospital who accepted the study's consent request (their record has uses to show), if any. */
    java.util.Optional<String> patientWithUses() {
        return acceptedAtFirst.stream().findFirst();
    }

    private void patientView(String stage) {
        NodeAgent a = nodes.get(0);
        out.println(stage + "What one patient of " + hospitals.get(0) + " sees: every use of their record, by study, purpose and organisation");
        if (acceptedAtFirst.isEmpty()) {
            out.println("      (no patient of " + hospitals.get(0) + " was asked for consent in this run)");
            return;
        }
        List<AccessLogEntry> log = a.dataLayer().rights().accessLog(acceptedAtFirst.get(0));
        for (AccessLogEntry e : log.subList(0, Math.min(3, log.size()))) {
            out.printf("      %s  study %s, %s for %s (task %s)%n", e.accessedAt(), e.studyId(), e.purpose(), e.organisation(), e.taskId());
        }
        if (log.size() > 3) {
            out.printf("      ... and %d more uses by the same study (each secure-sum round of the statistics, the regression and the training reads it)%n", log.size() - 3);
        }
        out.printf("      %d uses since they accepted the study's request; a withdrawal leaves them out of every task that starts after it%n",
                log.size());
    }

    private void print(String text) {
        for (String line : text.split("\n")) {
            out.println("      " + line);
        }
    }

    private PrintWriter indented() {
        return new PrintWriter(new java.io.Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] cbuf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (cbuf[i] == '\n') {
                        out.println("      " + line);
                        line.setLength(0);
                    } else {
                        line.append(cbuf[i]);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }
}
