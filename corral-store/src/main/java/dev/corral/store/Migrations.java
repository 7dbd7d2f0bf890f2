package dev.corral.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings a database's corral tables up to date with Flyway. */
final class Migrations {
  /**
   * Not Flyway's default name: a PostgreSQL database shared with an application that uses Flyway
   * too must not mistake one history for the other.
   */
  static final String HISTORY_TABLE = "corral_schema_history";

  private Migrations() {}

  static void run(DataSource dataSource, StoreLocation location) {
    FluentConfiguration config =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:" + location.dialect().migrations())
            .table(HISTORY_TABLE)
            // Flyway's own choice falls back to java.util.logging, which prints INFO lines on
            // stderr when the application has bound no SLF4J provider. Through SLF4J, the
            // application decides, as it does for HikariCP.
            .loggers("slf4j");
    switch (location) {
      case StoreLocation.SqliteFile file -> refuseForeignFile(dataSource, file);
      case StoreLocation.Postgres postgres -> {
        // A PostgreSQL schema often holds other tables; corral adds its own beside them.
        config.baselineOnMigrate(true).baselineVersion("0");
        if (postgres.schema() != null) {
          // Flyway creates the schema when it is missing, so currentSchema=corral just works.
          config.defaultSchema(postgres.schema()).createSchemas(true);
        }
      }
    }
    try {
      config.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot prepare the corral tables in "
              + location.display()
              + ": "
              + ConnectionPool.firstLine(e.getMessage()),
          e);
    }
  }

  /**
   * An SQLite file is one database; if it already has tables of something else, the user named the
   * wrong file, and adding corral's tables to it would only hide that.
   */
  private static void refuseForeignFile(DataSource dataSource, StoreLocation.SqliteFile file) {
    try (Connection connection = dataSource.getConnection();
        var statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
      boolean any = false;
      while (tables.next()) {
        if (tables.getString(1).equals(HISTORY_TABLE)) {
          return;
        }
        any = true;
      }
      if (any) {
        throw new StoreException(
            file.file() + " is an SQLite database of something else, not a corral store");
      }
    } catch (SQLException e) {
      throw ConnectionPool.failure(file, e);
    }
  }
}
