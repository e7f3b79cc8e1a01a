package io.kubenode.controller.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection behind one lock. SQLite admits a single writer anyway; serialising every statement in Java
 * means transactions never interleave, never meet SQLITE_BUSY from our own process, and the JDBC connection (not
 * thread-safe) is used by one thread at a time. The controller's load (admin edits, enrollments, one catalog record
 * per node and change) is far below what one connection serves.
 */
final class SqliteDatabase implements AutoCloseable {
    static final String FILE_NAME = "kubenode.db";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /** Work on the connection; runs with the lock held. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final Clock clock;
    private boolean closed;

    private SqliteDatabase(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Opens (creating if needed) DATA_DIR/kubenode.db; refuses a file that fails {@code PRAGMA integrity_check}. */
    static SqliteDatabase open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(FILE_NAME);
        OwnerOnlyFiles.prepare(dataDir, file);
        SQLiteConfig config = new SQLiteConfig();
        // Writers take the lock at BEGIN, so busy_timeout applies instead of a failed upgrade mid-transaction.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        SqliteDatabase db = new SqliteDatabase(connection, clock);
        try {
            checkIntegrity(connection, file);
            configure(connection, file);
            db.write("migrate the schema", SqliteSchema::migrate);
            OwnerOnlyFiles.restrict(file);
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e instanceof StoreException store ? store
                    : new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkIntegrity(Connection connection, Path file) {
        StringBuilder report = new StringBuilder();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            while (rows.next()) {
                report.append(report.isEmpty() ? "" : "; ").append(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreCorruptedException(file + " failed the integrity check: " + e.getMessage(), e);
        }
        if (!report.toString().equals("ok")) {
            throw new StoreCorruptedException(file + " failed the integrity check: " + report);
        }
    }

    private static void configure(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            statement.execute("PRAGMA foreign_keys = ON");
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!mode.next() || !mode.getString(1).equalsIgnoreCase("wal")) {
                    throw new StoreException(file + " refused write-ahead logging");
                }
            }
            // FULL: with WAL, every commit is fsynced before it is acknowledged.
            statement.execute("PRAGMA synchronous = FULL");
        }
    }

    /** The store's clock, to the millisecond it persists. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    <T> T read(String what, Work<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T write(String what, Work<T> work) {
        lock.lock();
        try {
            ensureOpen();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the store is closed");
        }
    }

    private static StoreException failure(String what, SQLException e) {
        String message = "cannot " + what + ": " + e.getMessage();
        int code = e.getErrorCode();
        if (code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return new StoreCorruptedException(message, e);
        }
        return new StoreException(message, e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
