package org.fedra.node.web;

import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.pipeline.ReleaseGuarantee;
import org.fedra.node.pipeline.StudyReleases;

/** What left the hospital, per study: every kind of release and outcome the ledger filed, with the guarantee that protected it. */
final class ReleasesPage {
    private final StewardGate gate;
    private final StudyReleases releases;
    private final DisclosureSettings rules;

    ReleasesPage(StewardGate gate, StudyReleases releases, DisclosureSettings rules) {
        this.gate = gate;
        this.releases = releases;
        this.rules = rules;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> {
            Map<String, List<StudyReleases.Line>> byStudy = new LinkedHashMap<>();
            for (StudyReleases.Line l : releases.all()) byStudy.computeIfAbsent(l.studyId(), k -> new java.util.ArrayList<>()).add(l);
            StringBuilder m = new StringBuilder("<h1>Releases</h1><p>Everything this node sent out, per study, and what protected the patients in it. "
                    + "Answers that were held back are listed too.</p>");
            if (byStudy.isEmpty()) m.append("<p>Nothing has left this node yet.</p>");
            int n = 0;
            for (Map.Entry<String, List<StudyReleases.Line>> e : byStudy.entrySet()) {
                String id = "releases-" + (n++);
                m.append("<section aria-labelledby=\"").append(id).append("\"><h2 id=\"").append(id).append("\">Study ").append(Html.text(e.getKey()))
                        .append("</h2><p>Requested by ").append(Html.text(e.getValue().get(0).organisation())).append("</p>")
                        .append("<table aria-labelledby=\"").append(id).append("\"><thead><tr><th scope=\"col\">Analysis</th><th scope=\"col\">Outcome</th>"
                                + "<th scope=\"col\">Entries</th><th scope=\"col\">Latest</th><th scope=\"col\">Guarantee</th></tr></thead><tbody>");
                for (StudyReleases.Line l : e.getValue()) {
                    m.append("<tr><td data-label=\"Analysis\">").append(Html.text(l.kind())).append("</td><td data-label=\"Outcome\">").append(Html.text(l.outcome()))
                            .append("</td><td data-label=\"Entries\">").append(l.entries()).append("</td><td data-label=\"Latest\">")
                            .append(Html.text(StewardGate.WHEN.format(l.latest()))).append("</td><td data-label=\"Guarantee\">")
                            .append(Html.text(ReleaseGuarantee.of(l.kind(), l.outcome(), rules))).append("</td></tr>");
                }
                m.append("</tbody></table></section>");
            }
            gate.render(ctx, HttpStatus.OK, s, "Releases", "/steward/releases", m.toString());
        });
    }
}
