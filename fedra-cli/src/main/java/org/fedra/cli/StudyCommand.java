package org.fedra.cli;

import picocli.CommandLine.Command;

/**
 * {@code fedra study}: a researcher's commands against a running hub. A study names a coded purpose, the requesting
 * organisation, the nodes asked and the analyses it will run; each node accepts or declines it as a contract, and
 * the analyses then run on the nodes that accepted.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Studies and their analyses: create a study, see its contracts, and run feasibility, statistics, "
                + "regression and record linkage on the nodes that accepted it."},
        subcommands = {StudyLinkageCommand.class})
final class StudyCommand {
}
