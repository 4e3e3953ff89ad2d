package org.fedra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fedra.node.NodeData;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.inventory.InventorySnapshot;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.onboarding.ImportFileException;
import org.fedra.node.onboarding.ImportProblem;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.dicom.DicomImportProgress;
import org.fedra.node.onboarding.dicom.OrthancClient;
import org.fedra.node.onboarding.dicom.OrthancImporter;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.pki.CorruptFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedra node generate | import | inventory}: make synthetic data, load data into a node, see what it holds. */
final class NodeDataCommands {
    private NodeDataCommands() {}

    /** Opens the data layer of an existing node data directory. */
    static NodeData open(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new CorruptFileException(dataDir, Files.exists(dataDir) ? "is not a directory"
                    : "does not exist; point --data-dir at the node's data directory (or create the directory for a new node)");
        }
        return NodeData.open(dataDir, Clock.systemUTC());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes a synthetic hospital's patients as FHIR R4 transaction bundles (demographics, ICD-10 diagnoses, LOINC "
                    + "observations, encounters, procedures, medications, reports, and permitting/denying/absent research consents). "
                    + "The same site, seed and number of patients always give the same files. With --imaging: DICOM phantoms "
                    + "(chest radiographs with/without a lung lesion, or cardiac CT volumes with a left-ventricle label-map series) "
                    + "under OUT/dicom and the patients, consents and ground-truth findings as FHIR in OUT/fhir/labels.json.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--imaging", paramLabel = "KIND",
                description = "Write imaging phantoms instead of records: chest-xray or cardiac-ct. Upload OUT/dicom to Orthanc, "
                        + "import it with 'fedra node import --orthanc', then import OUT/fhir/labels.json.")
        String imaging;

        @Option(names = "--consent-permit", defaultValue = "0.9",
                description = "With --imaging: share of patients whose research consent permits; the others deny (default: ${DEFAULT-VALUE}).")
        double consentPermit;

        @Option(names = "--patients", required = true, description = "Number of patients.")
        int patients;

        @Option(names = "--seed", required = true, description = "Random seed.")
        long seed;

        @Option(names = "--site", defaultValue = "city-university",
                description = "Site profile: city-university, rural-general or heart-centre (default: ${DEFAULT-VALUE}).")
        String site;

        @Option(names = "--name", description = "Site name in ids and identifiers (1-24 of a-z 0-9 -; default: the profile's name).")
        String name;

        @Option(names = "--per-file", defaultValue = "100", description = "Patients per bundle file (default: ${DEFAULT-VALUE}).")
        int perFile;

        @Option(names = "--out", required = true, description = "Directory to write the bundles to (created if absent).")
        Path out;

        @Option(names = "--national-ids", paramLabel = "FIRST-LAST",
                description = "Give patients national numbers FIRST, FIRST+1, ... (system " + SyntheticCohort.NATIONAL_ID_SYSTEM
                        + "), the linkage identifier between hospitals: two sites with overlapping ranges share exactly the overlap.")
        String nationalIds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (patients < 1 || perFile < 1) {
                throw new IllegalArgumentException("--patients and --per-file must be at least 1");
            }
            if (imaging != null) {
                return generateImaging();
            }
            SiteProfile profile = SiteProfile.named(site);
            if (name != null) {
                profile = profile.withName(name);
            }
            SyntheticCohort cohort = new SyntheticCohort(profile, seed);
            if (nationalIds != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})-(\\d{1,15})").matcher(nationalIds.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("--national-ids must be FIRST-LAST, e.g. 1-300; got '" + nationalIds + "'");
                }
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                cohort.nationalIds(first, last);
                if (last - first + 1 < patients) {
                    throw new IllegalArgumentException("--national-ids " + nationalIds + " holds " + (last - first + 1) + " numbers, fewer than --patients "
                            + patients);
                }
            }
            List<Path> files = cohort.write(out, patients, perFile);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("wrote %d patients of site %s (profile %s, seed %d) in %d bundle files to %s%n", patients, profile.name(), site, seed, files.size(), out);
            w.flush();
            return ExitCodes.OK;
        }

        private int generateImaging() {
            if (nationalIds != null) {
                throw new IllegalArgumentException("--national-ids does not apply to --imaging phantoms");
            }
            org.fedra.node.synth.imaging.ImagingCohort.Kind kind = org.fedra.node.synth.imaging.ImagingCohort.Kind.named(imaging);
            org.fedra.node.synth.imaging.ImagingSiteProfile profile = org.fedra.node.synth.imaging.ImagingSiteProfile.named(site);
            if (name != null) {
                profile = profile.withName(name);
            }
            var studies = new org.fedra.node.synth.imaging.ImagingCohort(profile, kind, seed, consentPermit).write(out, patients);
            long files = studies.stream().mapToLong(st -> st.files().size()).sum();
            long lesions = studies.stream().filter(org.fedra.node.synth.imaging.ImagingCohort.GeneratedStudy::lesion).count();
            PrintWriter w = spec.commandLine().getOut();
            w.printf("wrote %d %s studies (%d DICOM files%s) of site %s (profile %s, seed %d) to %s/dicom and their FHIR labels to %s/fhir/labels.json%n",
                    patients, kind.cliName(), files, kind == org.fedra.node.synth.imaging.ImagingCohort.Kind.CHEST_XRAY ? ", " + lesions + " with a lesion" : "",
                    profile.name(), site, seed, out, out);
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Loads data into the node: FHIR R4 bundles (transaction, batch, collection) and NDJSON, a CSV table through a "
                    + "mapping, or every study of an Orthanc DICOM server. Identifiers are pseudonymised on the way in. Works while the node runs.",
                    "Invalid resources or rows are reported with their position and skipped; the valid part is stored, and a re-run "
                            + "stores nothing twice. Exit code 0: everything imported; 2: some input was refused (listed) but the rest was "
                            + "stored; 3: the data directory is missing or damaged (nothing stored)."})
    static final class Import implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--fhir", arity = "1..*", paramLabel = "FILE_OR_DIR",
                description = "FHIR bundle files (.json) or NDJSON files (.ndjson), or directories of them.")
        List<Path> fhir = new ArrayList<>();

        @Option(names = "--csv", paramLabel = "FILE", description = "A CSV table, one patient per row (needs --mapping).")
        Path csv;

        @Option(names = "--mapping", paramLabel = "FILE_OR_BUILTIN",
                description = "The CSV mapping: a JSON mapping file, or a built-in one: uci-heart-disease.")
        String mapping;

        @Option(names = "--orthanc", paramLabel = "URL", description = "An Orthanc server's REST base URL, e.g. http://localhost:8042.")
        URI orthanc;

        @Option(names = "--steward", description = "Who imports, recorded in the node's audit log (default: the operating-system user).")
        String steward;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int sources = (fhir.isEmpty() ? 0 : 1) + (csv == null ? 0 : 1) + (orthanc == null ? 0 : 1);
            if (sources != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --fhir, --csv (with --mapping) or --orthanc");
            }
            if ((csv != null) != (mapping != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mapping goes with --csv, and --csv needs --mapping");
            }
            PrintWriter out = spec.commandLine().getOut();
            List<Path> files = fhir.isEmpty() ? List.of() : fhirFiles(fhir);
            CsvMapping csvMapping = csv == null ? null : mapping(mapping);
            int problems = 0;
            try (NodeData data = open(dataDir)) {
                NodeDataLayer layer = data.layer();
                java.util.Optional<StewardAudit> audit = StewardAudit.open(dataDir, steward == null ? StewardAudit.defaultSteward() : steward);
                List<ImportReport> reports = new ArrayList<>();
                if (!files.isEmpty()) {
                    for (int i = 0; i < files.size(); i++) {
                        Path f = files.get(i);
                        try {
                            ImportReport r = layer.fhirImporter().importFile(f);
                            reports.add(r);
                            audit.ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.DATA_IMPORTED, "FHIR file " + f.getFileName()
                                    + " (sha256 " + StewardAudit.sha256(f) + "): " + auditCounts(r)));
                            out.printf("%s %d/%d %s: %s%n", bar(i + 1, files.size()), i + 1, files.size(), f.getFileName(), counts(r));
                        } catch (ImportFileException e) {
                            problems++;
                            audit.ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.DATA_IMPORTED, "FHIR file " + f.getFileName()
                                    + " (sha256 " + StewardAudit.sha256(f) + "): refused whole: " + e.getMessage()));
                            out.printf("%s %d/%d %s: refused: %s%n", bar(i + 1, files.size()), i + 1, files.size(), f.getFileName(), e.getMessage());
                        }
                        out.flush();
                    }
                } else if (csv != null) {
                    out.printf("importing %s through mapping %s ...%n", csv, csvMapping.name());
                    out.flush();
                    ImportReport r = layer.csvImporter().importFile(csv, csvMapping);
                    reports.add(r);
                    audit.ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.DATA_IMPORTED, "CSV file " + csv.getFileName() + " (sha256 "
                            + StewardAudit.sha256(csv) + ") through mapping " + csvMapping.name() + ": " + auditCounts(r)));
                } else {
                    out.printf("importing every study of the Orthanc server at %s ...%n", orthanc);
                    out.flush();
                    OrthancImporter importer = new OrthancImporter(new OrthancClient(orthanc, Duration.ofSeconds(30)), layer.ingest(), layer.objects(),
                            layer.patientObjects(), new DicomImportProgress(data.dataSource()));
                    ImportReport r = importer.importAll();
                    reports.add(r);
                    audit.ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.DATA_IMPORTED, "Orthanc server " + orthanc + ": " + auditCounts(r)));
                }
                int created = 0, updated = 0, unchanged = 0, skippedErased = 0;
                for (ImportReport r : reports) {
                    skippedErased += r.skippedErased();
                    created += r.created();
                    updated += r.updated();
                    unchanged += r.unchanged();
                    for (ImportProblem p : r.problems()) {
                        out.printf("  problem in %s, %s%n", r.source(), p);
                        problems++;
                    }
                }
                out.printf("imported: %d created, %d updated, %d unchanged%s; the node now holds %d patients; %d problem%s%n",
                        created, updated, unchanged, skippedErased == 0 ? "" : ", skipped " + skippedErased + " erased",
                        layer.store().countByType().getOrDefault("Patient", 0), problems, problems == 1 ? "" : "s");
                out.println(audit.isPresent() ? "recorded in the node's audit log"
                        : "not recorded in an audit log: the node has not enrolled yet (its audit log starts with its first start)");
                out.flush();
            }
            out.println(publishInventory(dataDir));
            out.flush();
            return problems == 0 ? ExitCodes.OK : ExitCodes.USAGE;
        }

        /** Asks the running node to publish its inventory now (it does only when the coarsened counts changed). */
        private static String publishInventory(Path dataDir) {
            if (!Files.exists(dataDir.resolve(org.fedra.node.api.ApiEndpoint.FILE)) || !Files.exists(dataDir.resolve(org.fedra.node.api.StewardToken.FILE))) {
                return "the hub's catalog: the node publishes its inventory once it runs";
            }
            try {
                com.fasterxml.jackson.databind.JsonNode r = new NodeApprovalsCommand.NodeTarget().at(dataDir).client()
                        .post("/api/inventory/publish", org.fedra.protocol.json.JsonCodec.object());
                return r.path("published").asBoolean() ? "the hub's catalog: the node published its new inventory"
                        : "the hub's catalog: unchanged (the coarsened counts did not change)";
            } catch (HubClient.HubRequestException e) {
                return "the hub's catalog: the node is not running; it publishes its inventory when it runs";
            } catch (RuntimeException e) {
                return "the hub's catalog: not updated now (" + e.getMessage() + ")";
            }
        }

        private static String auditCounts(ImportReport r) {
            return r.created() + " created, " + r.updated() + " updated, " + r.unchanged() + " unchanged, " + r.problems().size() + " refused";
        }

        private static String counts(ImportReport r) {
            return r.created() + " created, " + r.updated() + " updated, " + r.unchanged() + " unchanged, " + r.patients() + " patients"
                    + (r.clean() ? "" : ", " + r.problems().size() + " problems");
        }

        private static List<Path> fhirFiles(List<Path> given) throws IOException {
            List<Path> files = new ArrayList<>();
            for (Path p : given) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.list(p)) {
                        s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".json") || f.toString().endsWith(".ndjson"))).sorted().forEach(files::add);
                    }
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    throw new IllegalArgumentException("--fhir " + p + ": no such file or directory");
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("--fhir " + given + ": no .json or .ndjson files found");
            }
            return files;
        }

        static CsvMapping mapping(String m) {
            Path file = Path.of(m);
            if (Files.isRegularFile(file)) {
                return CsvMapping.load(file);
            }
            if (m.matches("[a-z0-9\\-]+") && CsvMapping.class.getClassLoader().getResource("mappings/" + m + ".json") != null) {
                return CsvMapping.loadResource("mappings/" + m + ".json");
            }
            throw new IllegalArgumentException("--mapping " + m + ": no such file, and no built-in mapping of that name (built in: uci-heart-disease)");
        }
    }

    @Command(name = "inventory", mixinStandardHelpOptions = true,
            description = "Prints the node's data inventory as the hub's catalog sees it: counts per resource type and coded concept, "
                    + "rounded, with counts covering too few patients suppressed.")
    static final class Inventory implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (NodeData data = open(dataDir)) {
                InventorySnapshot s = data.layer().inventory().snapshot();
                PrintWriter out = spec.commandLine().getOut();
                TextTable t = TextTable.of("RESOURCE TYPE", "CODE", ">RESOURCES", ">PATIENTS");
                for (InventoryEntry e : s.entries()) {
                    t.row(e.resourceType(), e.code() == null ? "(all)" : e.system() + "|" + e.code(), e.resources(), e.patients());
                }
                t.print(out);
                out.printf("%d entries published, %d suppressed (too few patients); counts rounded; taken %s%n", s.entries().size(), s.suppressed(), s.takenAt());
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = "Rebuilds the node's analytic projection (the columnar copy of demographics and coded facts that analyses read) "
                    + "from the FHIR store and seals it to projection.sealed in the data directory. The node also rebuilds it by itself "
                    + "when it finds it missing, corrupt or behind the store.")
    static final class Reindex implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (NodeData data = open(dataDir)) {
                long started = System.nanoTime();
                var projection = data.layer().projection();
                long generation = projection.rebuild();
                var size = projection.size();
                PrintWriter out = spec.commandLine().getOut();
                out.printf("projection rebuilt: %d patients, %d facts, store generation %d, in %.1f s%n", size.patients(), size.facts(),
                        generation, (System.nanoTime() - started) / 1e9);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    static String bar(int done, int total) {
        int width = 20;
        int filled = (int) Math.round((double) done / total * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
