package org.fedra.node.onboarding;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.InvalidResourceException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Imports FHIR R4 JSON: transaction, batch and collection Bundles, and NDJSON (one resource per line).
 * Each entry is parsed on its own, so an invalid entry is reported with its position (0-based
 * {@code entry N} in a bundle, 1-based {@code line N} in NDJSON) while the valid ones are stored.
 * Transaction bundles are imported entry by entry, not atomically: a hospital wants its valid records in,
 * and a re-run after fixing the rest changes nothing that was already stored.
 */
public final class FhirImporter {
    private static final Set<String> BUNDLE_TYPES = Set.of("transaction", "batch", "collection");
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final ResourceIngest ingest;

    public FhirImporter(ResourceIngest ingest) {
        this.ingest = ingest;
    }

    /** Imports a bundle or NDJSON file, chosen by extension ({@code .ndjson} / anything else is a bundle). */
    public ImportReport importFile(Path file) {
        return importFile(file, file.getFileName().toString(), ImportProgress.NONE);
    }

    /** As {@link #importFile(Path)}, under the name {@code source} (its extension chooses the format), reporting progress. */
    public ImportReport importFile(Path file, String source, ImportProgress progress) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return source.endsWith(".ndjson") ? importNdjson(r, source, progress) : importBundle(r, source, progress);
        } catch (IOException e) {
            throw new ImportFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Imports one Bundle. */
    public ImportReport importBundle(Reader json, String source) {
        return importBundle(json, source, ImportProgress.NONE);
    }

    private ImportReport importBundle(Reader json, String source, ImportProgress progress) {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ImportFileException(source + ": not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bundle == null || !"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new ImportFileException(source + ": not a FHIR Bundle (resourceType is '" + (bundle == null ? "" : bundle.path("resourceType").asText()) + "')");
        }
        String type = bundle.path("type").asText();
        if (!BUNDLE_TYPES.contains(type)) {
            throw new ImportFileException(source + ": bundle type '" + type + "' cannot be imported (expected one of " + BUNDLE_TYPES + ")");
        }
        List<ResourceIngest.Incoming> items = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        JsonNode entries = bundle.path("entry");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String position = "entry " + i;
            String method = e.path("request").path("method").asText("");
            if (!method.isEmpty() && !method.equals("POST") && !method.equals("PUT")) {
                problems.add(new ImportProblem(position, "request method " + method + " is not supported by import (only POST and PUT)"));
                continue;
            }
            JsonNode resource = e.get("resource");
            if (resource == null || !resource.isObject()) {
                problems.add(new ImportProblem(position, "entry has no resource"));
                continue;
            }
            parse(position, resource.toString(), e.hasNonNull("fullUrl") ? e.get("fullUrl").asText() : null, items, problems);
        }
        return ingest.ingest(source, items, problems, progress);
    }

    /** Imports NDJSON: one resource per line, blank lines ignored. */
    public ImportReport importNdjson(Reader ndjson, String source) {
        return importNdjson(ndjson, source, ImportProgress.NONE);
    }

    private ImportReport importNdjson(Reader ndjson, String source, ImportProgress progress) {
        List<ResourceIngest.Incoming> items = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(ndjson)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    parse("line " + n, line, null, items, problems);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ingest.ingest(source, items, problems, progress);
    }

    private static void parse(String position, String json, String fullUrl, List<ResourceIngest.Incoming> items, List<ImportProblem> problems) {
        try {
            items.add(new ResourceIngest.Incoming(position, FhirCodec.parse(json), fullUrl));
        } catch (InvalidResourceException e) {
            problems.add(new ImportProblem(position, e.getMessage()));
        }
    }
}
