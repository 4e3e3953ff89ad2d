package org.fedra.protocol.analysis.km;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.json.JsonCodec;

/**
 * A Kaplan-Meier request: the time variable, the event variable (an event when its value is above {@code eventAbove},
 * else censored; without {@code eventAbove} it must be 0 or 1) and the time grid: ascending edges t0 &lt; t1 &lt; ...;
 * interval j is [t_j, t_j+1). Patients with both values count (complete cases); a time before t0 is not at risk.
 *
 * <p>JSON: {@code {"time": {...}, "event": {...}, "eventAbove": 0, "edges": [30, 40, 50, 60, 70, 80]}}.
 */
public record KaplanMeierSpec(Variable time, Variable event, Double eventAbove, double[] edges) {
    /** Most intervals of one curve. */
    public static final int MAX_INTERVALS = 200;

    /** Number of intervals. */
    public int intervals() {
        return edges.length - 1;
    }

    /** A node's vector: complete cases, then per interval the number at risk at its start and the events in it. */
    public int vectorLength() {
        return 1 + 2 * intervals();
    }

    public static KaplanMeierSpec parse(JsonNode n) {
        if (n == null || !n.isObject()) throw new AnalysisSpecException("$", "the kaplan-meier request must be a JSON object");
        Variable time = Variable.parse(n.get("time"), "$.time");
        Variable event = Variable.parse(n.get("event"), "$.event");
        if (time.name().equals(event.name())) throw new AnalysisSpecException("$.event.name", "\"" + event.name() + "\" is the time's name too");
        Double above = null;
        if (n.hasNonNull("eventAbove")) {
            if (!n.get("eventAbove").isNumber()) throw new AnalysisSpecException("$.eventAbove", "must be a number");
            above = n.get("eventAbove").asDouble();
        }
        JsonNode e = n.get("edges");
        if (e == null || !e.isArray() || e.size() < 2) {
            throw new AnalysisSpecException("$.edges", "must be an array of at least two ascending times (one interval)");
        }
        if (e.size() > MAX_INTERVALS + 1) throw new AnalysisSpecException("$.edges", "at most " + MAX_INTERVALS + " intervals");
        double[] edges = new double[e.size()];
        for (int i = 0; i < edges.length; i++) {
            if (!e.get(i).isNumber() || !Double.isFinite(e.get(i).asDouble())) {
                throw new AnalysisSpecException("$.edges[" + i + "]", "must be a finite number");
            }
            edges[i] = e.get(i).asDouble();
            if (i > 0 && !(edges[i] > edges[i - 1])) throw new AnalysisSpecException("$.edges[" + i + "]", "edges must be strictly ascending");
        }
        return new KaplanMeierSpec(time, event, above, edges);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object();
        o.set("time", time.toJson());
        o.set("event", event.toJson());
        if (eventAbove != null) o.put("eventAbove", eventAbove);
        var a = o.putArray("edges");
        for (double t : edges) a.add(t);
        return o;
    }

    /** Whether a value of the event variable is an event (1) or a censoring (0). */
    public boolean isEvent(double value) {
        if (eventAbove != null) return value > eventAbove;
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("event " + event.name() + " has values other than 0 and 1; give eventAbove to make it binary");
        }
        return value == 1;
    }

    /**
     * The vector of some patients' (time, event value) rows: complete cases, then per interval the number at risk at its
     * start (time at or after the interval's start) and the events in it. Sums of it over nodes are those of the pooled rows.
     */
    public double[] contribution(Iterable<double[]> rows) {
        double[] v = new double[vectorLength()];
        int k = intervals();
        for (double[] row : rows) {
            if (Double.isNaN(row[0]) || Double.isNaN(row[1])) continue;
            v[0]++;
            boolean event = isEvent(row[1]);
            for (int j = 0; j < k; j++) {
                if (row[0] >= edges[j]) v[1 + 2 * j]++;
                if (event && row[0] >= edges[j] && row[0] < edges[j + 1]) v[2 + 2 * j]++;
            }
        }
        return v;
    }
}
