package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        String t = TextTable.of("RESOURCE TYPE", "CODE", ">PATIENTS")
                .row("Observation", "urn:fedra:codesystem:uci-heart-disease-with-a-long-name|oldpeak", 300)
                .row("Patient", "(all)", 1200).render();
        assertThat(t).isEqualTo("""
                RESOURCE TYPE  CODE                                                             PATIENTS
                Observation    urn:fedra:codesystem:uci-heart-disease-with-a-long-name|oldpeak       300
                Patient        (all)                                                                1200
                """);
    }

    @Test
    void noLineEndsWithSpacesAndAnIndentIsKept() {
        String t = TextTable.indented("  ", "NODE", "REASON").row("node-1", "").row("node-22", "accepted by the node's policy").render();
        assertThat(t).isEqualTo("  NODE     REASON\n  node-1\n  node-22  accepted by the node's policy\n");
    }

    @Test
    void aRowOfTheWrongLengthIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TextTable.of("A", "B").row("x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells in a table of 2 columns");
    }
}
