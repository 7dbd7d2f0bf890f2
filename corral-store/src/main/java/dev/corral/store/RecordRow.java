package dev.corral.store;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import dev.corral.core.scan.ScanState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * One host record as the columns of its row: the key columns that queries use, and the whole record
 * as its JSON line. Made on the caller's thread, so that serialising is spread over the scan's
 * threads and a record that cannot be stored is refused where it was written.
 */
record RecordRow(HostRecord record, String hostKey, String json) {

  static final String INSERT =
      "INSERT INTO host_record (scan_id, host_key, ip, port, scheme, state, product, ollama,"
          + " exposed, auth, version, version_range, risk, country, asn, org, scanned_at, record)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static RecordRow of(HostRecord record) {
    if (record == null) {
      throw new NullPointerException("record");
    }
    if (record.ip() == null || record.scheme() == null) {
      throw new IllegalArgumentException(
          "a host record needs an ip and a scheme to be stored (target " + record.target() + ")");
    }
    return new RecordRow(record, record.hostKey(), HostRecordJson.line(record));
  }

  boolean open() {
    return record.state() == ScanState.OPEN;
  }

  void bind(PreparedStatement insert, Dialect dialect, long scanId) throws SQLException {
    HostRecord r = record;
    insert.setLong(1, scanId);
    insert.setString(2, hostKey);
    insert.setString(3, r.ip());
    insert.setInt(4, r.port());
    insert.setString(5, r.scheme());
    insert.setString(6, r.state() == null ? null : r.state().id());
    insert.setString(7, r.product());
    insert.setBoolean(8, r.ollama());
    insert.setBoolean(9, r.exposed());
    insert.setString(10, r.auth() == null ? null : r.auth().id());
    insert.setString(11, r.version());
    insert.setString(12, r.versionRange());
    insert.setString(13, r.risk() == null ? null : r.risk().id());
    insert.setString(14, r.country());
    if (r.asn() == null) {
      insert.setNull(15, Types.BIGINT);
    } else {
      insert.setLong(15, r.asn());
    }
    insert.setString(16, r.org());
    dialect.setInstant(insert, 17, r.scannedAt());
    insert.setString(18, json);
  }
}
