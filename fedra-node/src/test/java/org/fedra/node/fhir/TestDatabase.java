package org.fedra.node.fhir;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh in-memory H2 database per call, migrated from classpath:db/node. */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabase() {
    }

    public static DataSource fresh() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:datalayer" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/node").load().migrate();
        return ds;
    }
}
