package org.fedra.cli;

import java.util.Iterator;
import org.fedra.protocol.analysis.spi.AnalysisTypes;

/** The analyses a study can list, for picocli's help ({@code ${COMPLETION-CANDIDATES}}): the registry's names. */
final class AnalysisNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return AnalysisTypes.names().iterator();
    }
}
