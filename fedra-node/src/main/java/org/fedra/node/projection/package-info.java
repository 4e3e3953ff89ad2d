/**
 * The node's columnar analytic projection: a derived copy of the FHIR store's patients (demographics) and coded facts
 * (code, value, unit, time) that cohort evaluation, statistics, regression and training rows read through the
 * consent-filtered view.
 *
 * <p><b>Why DuckDB.</b> Analyses scan a few columns of every patient (all values of one code, all birth dates) and
 * aggregate; a row store with B-tree indexes (H2, PostgreSQL) reads whole rows and, on H2, materialises a query's
 * whole result. DuckDB is an embedded, vectorised column store from Maven Central ({@code org.duckdb:duckdb_jdbc}),
 * runs in the node's process with no server, bulk-loads through its appender at millions of rows a second, and speaks
 * SQL over JDBC, so the same facts can also be queried directly for the benchmark's physical baseline. The
 * alternatives considered: H2's own tables (what was measured too slow), SQLite (row store), Apache Arrow/Parquet
 * files (no query engine in-process without more dependencies).
 *
 * <p><b>At rest.</b> DuckDB 1.4/1.5 writes encrypted database files only with the OpenSSL of its {@code httpfs}
 * extension, downloaded at run time (its built-in crypto is read-only or, forced, "not securely encrypted"). The node
 * downloads nothing at run time, so the engine holds the projection in memory (with no temporary directory: it
 * never spills plaintext) and it rests in {@code projection.sealed}, sealed with AES-256-GCM in 1 MiB chunks under a
 * key derived from the node's object-store key ({@link org.fedra.node.projection.SealedSnapshot}).
 *
 * <p><b>In step with the store.</b> Each write to the store raises its generation and records the patients it changed
 * ({@code store_change}, the change feed) in the same transaction. The projection carries the generation it reflects;
 * opening a task's view (and the node's start) brings it up to the store's: from the feed for a few patients, by a
 * rebuild for many, after an erasure it did not apply itself, or when its file is missing, altered or ahead of the
 * store. An erasure removes the patient from the projection and re-seals its file before the erasure returns.
 * {@code fedra node reindex} rebuilds it on demand.
 */
package org.fedra.node.projection;
