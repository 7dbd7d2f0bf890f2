package dev.corral.store;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What every part of the store needs to talk to the database: the pool, the dialect, and how to
 * name the place in an error.
 */
record Database(DataSource pool, Dialect dialect, String display) {

  /** A failed statement as one sentence: what was being done, where, and the driver's reason. */
  StoreException failure(String doing, Exception e) {
    SQLException sql = ConnectionPool.find(e, SQLException.class);
    String reason = ConnectionPool.firstLine(sql != null ? sql.getMessage() : e.getMessage());
    return new StoreException("cannot " + doing + " in " + display + ": " + reason, e);
  }

  StoreException noSuchScan(long scanId) {
    return new StoreException("no scan " + scanId + " in " + display);
  }
}
