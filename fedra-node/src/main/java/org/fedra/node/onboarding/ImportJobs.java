package org.fedra.node.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Imports of FHIR files started from the steward's console, one at a time in the background, with their progress
 * (resources stored of those to store) readable while they run. The file is a copy the caller hands over; it is
 * deleted when the import ends, whatever the outcome. Kept in memory: the last {@link #KEPT} imports.
 */
public final class ImportJobs implements AutoCloseable {
    static final int KEPT = 50;

    /** One import. {@code report} once done, {@code error} once failed; {@code total} is -1 while the file is still read and checked. */
    public record Job(String id, String source, String startedBy, Instant startedAt, String state, int stored, int total,
                      ImportReport report, String error) {
        public boolean running() {
            return state.equals("queued") || state.equals("running");
        }
    }

    private final FhirImporter importer;
    private final Clock clock;
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-import");
        t.setDaemon(true);
        return t;
    });

    public ImportJobs(FhirImporter importer, Clock clock) {
        this.importer = importer;
        this.clock = clock;
    }

    /**
     * Queues the import of {@code file} (a Bundle, or NDJSON when {@code source} ends in .ndjson).
     *
     * @param done told of the finished job (to audit it), on the import's thread
     */
    public Job start(Path file, String source, String startedBy, Consumer<Job> done) {
        Job job = new Job(UUID.randomUUID().toString(), source, startedBy, clock.instant(), "queued", 0, -1, null, null);
        put(job);
        worker.execute(() -> {
            put(with(job.id(), "running", 0, -1, null, null));
            Job end;
            try {
                ImportReport r = importer.importFile(file, source, (stored, total) -> put(with(job.id(), "running", stored, total, null, null)));
                end = with(job.id(), "done", r.stored(), r.stored(), r, null);
            } catch (RuntimeException e) {
                end = with(job.id(), "failed", 0, -1, null, e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the uploaded copy " + file, e);
                }
            }
            put(end);
            done.accept(end);
        });
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The imports kept, newest first. */
    public List<Job> list() {
        synchronized (jobs) {
            List<Job> out = new ArrayList<>(jobs.values());
            Collections.reverse(out);
            return out;
        }
    }

    private Job with(String id, String state, int stored, int total, ImportReport report, String error) {
        Job j = jobs.get(id);
        return new Job(id, j.source(), j.startedBy(), j.startedAt(), state, stored, total, report, error);
    }

    private void put(Job job) {
        synchronized (jobs) {
            jobs.put(job.id(), job);
            while (jobs.size() > KEPT) {
                String oldest = jobs.keySet().iterator().next();
                if (jobs.get(oldest).running()) break;
                jobs.remove(oldest);
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
