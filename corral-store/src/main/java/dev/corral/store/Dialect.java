package dev.corral.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The few places where SQLite and PostgreSQL differ for corral: where the migrations live and how a
 * timestamp is stored. Everything else is the same SQL.
 */
enum Dialect {
  /**
   * Timestamps are ISO-8601 text in UTC with a fixed six-digit fraction, so that text order is time
   * order and SQLite's date functions read them.
   */
  SQLITE("db/migration/sqlite") {
    @Override
    void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(index, Types.VARCHAR);
      } else {
        statement.setString(index, SqliteTime.format(instant));
      }
    }

    @Override
    Instant getInstant(ResultSet rows, String column) throws SQLException {
      String text = rows.getString(column);
      return text == null ? null : Instant.parse(text);
    }
  },

  /** Timestamps are {@code timestamptz}, which keeps microseconds. */
  POSTGRESQL("db/migration/postgresql") {
    @Override
    void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      }
    }

    @Override
    Instant getInstant(ResultSet rows, String column) throws SQLException {
      OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
      return time == null ? null : time.toInstant();
    }
  };

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /** The classpath folder of this dialect's Flyway migrations. */
  String migrations() {
    return migrations;
  }

  abstract void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException;

  abstract Instant getInstant(ResultSet rows, String column) throws SQLException;

  /** Both databases keep microseconds; truncating first makes what is read back equal. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
