package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.junit.jupiter.api.Test;

/** The airlock's rules, on outputs and logs written as a package would write them. */
class OutputCheckTest {
    static final OutputCheck CHECK = new OutputCheck(10, 5);

    /** 40 patients (age, sex, chol): 30 share one row of values, 10 have rows of their own; two have pseudonyms known. */
    static InputSummary input() {
        InputSummary s = new InputSummary(40, 3);
        for (int i = 0; i < 30; i++) s.addRow(new double[] {50, 1, 200});
        for (int i = 0; i < 10; i++) s.addRow(new double[] {60 + i, 0, 250.5 + i});
        s.addIdentifier("p-7f3a9c21");
        s.addIdentifier("p-0b44e810");
        return s;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static CheckedOutput table(String csv, String countColumn) {
        return CHECK.output(DeclaredOutput.table("t.csv", countColumn), bytes(csv), input());
    }

    @Test
    void smallCountsAreSuppressedAndTheOthersRounded() {
        CheckedOutput c = table("group,n,mean_chol\nA,3,210.5\nB,12,190.25\nC,27,201\nD,0,\n", "n");
        assertThat(c.releasable()).isTrue();
        assertThat(new String(c.content(), StandardCharsets.UTF_8)).isEqualTo("group,n,mean_chol\nA,,\nB,10,190.25\nC,25,201\nD,0,\n");
        assertThat(c.note()).isEqualTo("4 rows, 1 suppressed (fewer than 10 patients), counts rounded to 5");
    }

    @Test
    void aTableWithoutCountColumnIsReleasedAsWritten() {
        CheckedOutput c = table("term,estimate,se\n(Intercept),-3.1,0.8\nage,0.052,0.011\n", null);
        assertThat(c.releasable()).isTrue();
        assertThat(new String(c.content(), StandardCharsets.UTF_8)).isEqualTo("term,estimate,se\n(Intercept),-3.1,0.8\nage,0.052,0.011\n");
    }

    @Test
    void recordLevelTablesAreRefusedWithTheRuleTheyBroke() {
        StringBuilder perPatient = new StringBuilder("x\n");
        for (int i = 0; i < 40; i++) perPatient.append(i % 3).append('\n');
        assertThat(table(perPatient.toString(), null).note()).isEqualTo("has 40 rows for 40 input patients: a row per patient looks record-level");
        assertThat(table("visit,n\n2024-03-01,12\n", "n").note()).isEqualTo("line 2 holds a calendar date, which identifies");
        assertThat(table("visit,n\n01.03.2024,12\n", "n").note()).isEqualTo("line 2 holds a calendar date, which identifies");
        assertThat(table("who,n\np-7f3a9c21,12\n", "n").note()).isEqualTo("line 2 holds an identifier of the input");
        StringBuilder names = new StringBuilder("name,score\n");
        for (int i = 0; i < 12; i++) names.append("patient").append((char) ('a' + i)).append(",1\n");
        assertThat(table(names.toString(), null).note()).isEqualTo("column 'name' has a different text in each of its 12 rows: it looks like identifiers");
        // one patient's own values, in the order of the input and with an index in front, as a data frame prints them
        assertThat(table("i,age,sex,chol\n7,63,0,253.5\n", null).note()).isEqualTo("line 2 holds the values of an input patient's row");
        assertThat(table("a,b\n1,2,3\n", null).note()).isEqualTo("line 2 has 3 fields, the header 2");
        assertThat(table("group,n\nA,many\n", "n").note()).isEqualTo("line 2: the count 'n' is not a whole number of patients");
        assertThat(table("group,count\nA,12\n", "n").note()).isEqualTo("has no column 'n', its declared count column");
        assertThat(table("group,count\nA,12\n", "n").content()).isNull();
    }

    @Test
    void valuesManyPatientsShareAreAnAggregateNotAPatient() {
        CheckedOutput c = table("age,sex,chol,n\n50,1,200,30\n", "n");
        assertThat(c.releasable()).as(c.note()).isTrue();
        // the same table with a group of three: its row is suppressed before rows are compared, so it is not taken for a patient
        assertThat(table("age,sex,chol,n\n50,1,200,30\n63,0,253.5,3\n", "n").releasable()).isTrue();
    }

    @Test
    void vectorsMustBeTheDeclaredFiniteNumbersAndGoToSecureAggregation() {
        CheckedOutput v = CHECK.output(DeclaredOutput.vector("g.json", 3), bytes("[1, 2.5, -3e2]"), input());
        assertThat(v.releasable()).isTrue();
        assertThat(v.secureAggregation()).isTrue();
        assertThat(v.vector()).containsExactly(1, 2.5, -300);
        assertThat(CHECK.output(DeclaredOutput.vector("g.json", 4), bytes("[1, 2.5, -3e2]"), input()).note()).isEqualTo("has 3 values, 4 were declared");
        assertThat(CHECK.output(DeclaredOutput.vector("g.json", 2), bytes("[1, \"x\"]"), input()).note()).isEqualTo("value 1 is not a finite number");
        assertThat(CHECK.output(DeclaredOutput.vector("g.json", 1), bytes("{}"), input()).note()).isEqualTo("is not a JSON array of numbers");
        assertThat(CHECK.output(DeclaredOutput.vector("g.json", 40), bytes("[" + "1,".repeat(39) + "1]"), input()).note())
                .isEqualTo("has 40 values for 40 input patients: a value per patient looks record-level");
    }

    @Test
    void modelFilesAreScannedWhenTheyAreText() {
        assertThat(CHECK.output(DeclaredOutput.model("m.bin"), new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0}, input()).note())
                .isEqualTo("4 bytes (binary; no rule can read it)");
        assertThat(CHECK.output(DeclaredOutput.model("m.json"), bytes("{\"beta\": [0.1, 0.2]}"), input()).releasable()).isTrue();
        assertThat(CHECK.output(DeclaredOutput.model("m.json"), bytes("{\"rows\": [[61, 0, 251.5]]}"), input()).note())
                .isEqualTo("line 1 holds the values of an input patient's row");
    }

    @Test
    void logsPassOrAreWithheldWhole() {
        assertThat(CHECK.log("standard output", bytes("fitted 3 coefficients in 5 iterations\n"), input()).text())
                .isEqualTo("fitted 3 coefficients in 5 iterations\n");
        // pandas printing the data frame
        CheckedLog printed = CHECK.log("standard output", bytes("   age  sex   chol\n0   50    1  200.0\n1   62    0  252.5\n"), input());
        assertThat(printed.withheld()).isTrue();
        assertThat(printed.shown()).isEqualTo("(standard output withheld: line 3 holds the values of an input patient's row)");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) many.append("iteration\n");
        assertThat(CHECK.log("standard error", bytes(many.toString()), input()).withheldBecause())
                .isEqualTo("it has 40 lines for 40 input patients: a line per patient looks record-level");
        assertThat(CHECK.log("standard error", bytes("values: " + "1 ".repeat(40)), input()).withheldBecause())
                .isEqualTo("it holds 40 numbers for 40 input patients: a value per patient looks record-level");
        assertThat(CHECK.log("standard error", bytes("admitted 2023/11/05\n"), input()).withheldBecause())
                .isEqualTo("line 1 holds a calendar date, which identifies");
    }

    @Test
    void missingOutputsAndTinyCohortsReleaseNothing() {
        List<CheckedOutput> c = CHECK.outputs(List.of(DeclaredOutput.table("t.csv", null), DeclaredOutput.model("m.rds")),
                Map.of("t.csv", bytes("a\n1\n")), input());
        assertThat(c).extracting(CheckedOutput::releasable).containsExactly(true, false);
        assertThat(c.get(1).note()).isEqualTo("was not written (or is not a regular file)");
        InputSummary tiny = new InputSummary(9, 1);
        assertThat(CHECK.output(DeclaredOutput.table("t.csv", null), bytes("a\n1\n"), tiny).note()).isEqualTo("the run's input had fewer than 10 patients");
    }
}
