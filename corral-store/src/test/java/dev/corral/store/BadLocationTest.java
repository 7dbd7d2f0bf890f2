package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A location that cannot be used gets one line that names it, and no stack trace in it. */
class BadLocationTest {
  @TempDir Path dir;

  private static AbstractThrowableAssert<?, ? extends Throwable> opening(String location) {
    return assertThatThrownBy(() -> Store.open(location).close())
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Exception", "\tat "));
  }

  @Test
  void aDirectoryIsNotADatabaseFile() {
    opening(dir.toString()).hasMessage(dir + " is a directory, not a database file");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a directory");
    opening(file.resolve("corral.db").toString())
        .hasMessage(
            "cannot create the directory "
                + file
                + " for "
                + file.resolve("corral.db")
                + ": "
                + file
                + " is a file, not a directory");
  }

  @Test
  void aFileThatIsNotSqliteIsNamed() throws Exception {
    Path junk = Files.writeString(dir.resolve("scans.db"), "x".repeat(4096));
    opening(junk.toString()).hasMessage(junk + " is not an SQLite database");
  }

  @Test
  void anotherApplicationsSqliteDatabaseIsLeftAlone() throws Exception {
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    opening(other.toString())
        .hasMessage(other + " is an SQLite database of something else, not a corral store");
  }

  @Test
  void anUnreadableOrUnwritableFileIsNamed() throws Exception {
    Assumptions.assumeFalse(
        System.getProperty("user.name").equals("root"), "root ignores file permissions");
    Path locked = dir.resolve("locked.db");
    Store.open(locked.toString()).close();
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r--r--r--"));
    opening(locked.toString()).hasMessage("cannot write " + locked + ": permission denied");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    opening(locked.toString()).hasMessage("cannot read " + locked + ": permission denied");
  }

  @Test
  void missingDirectoriesAreCreatedAndJdbcSqliteUrlsWork() throws Exception {
    Path nested = dir.resolve("a/b/corral.db");
    try (Store store = Store.open("jdbc:sqlite:" + nested)) {
      assertThat(store.location()).isEqualTo(nested.toString());
    }
    assertThat(nested).isRegularFile();
  }

  @Test
  void anUnreachableServerIsNamedByHostAndPortWithoutThePassword() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    opening("jdbc:postgresql://127.0.0.1:1/corral?user=corral&password=s3cret")
        .hasMessage("cannot reach PostgreSQL at 127.0.0.1:1: connection refused")
        .hasRootCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void aMissingPostgresDatabaseIsNamed() {
    String base = TestDatabases.POSTGRES;
    String missing = base.replaceFirst("/[^/?]+(\\?|$)", "/corral_no_such_db$1");
    opening(missing)
        .hasMessageStartingWith("PostgreSQL at ")
        .hasMessageEndingWith(
            " has no database 'corral_no_such_db': create it first (createdb corral_no_such_db)");
  }

  @Test
  void unsupportedSchemesAreRefusedWithWhatWouldWork() {
    opening("jdbc:mysql://127.0.0.1:3306/corral?password=s3cret")
        .hasMessage(
            "unsupported database URL scheme jdbc:mysql: corral stores scans in SQLite (a file"
                + " path or jdbc:sqlite:PATH) or PostgreSQL (jdbc:postgresql://HOST:PORT/DATABASE)");
    opening("mongodb://127.0.0.1/corral")
        .hasMessageStartingWith("unsupported database URL scheme mongodb://: ");
    opening("postgres://127.0.0.1/corral")
        .hasMessage(
            "unsupported database URL scheme postgres://: write it as"
                + " jdbc:postgresql://HOST:PORT/DATABASE?user=NAME");
    opening("jdbc:sqlite::memory:").hasMessageStartingWith("an in-memory SQLite database");
    opening("  ").hasMessageStartingWith("no database location given");
  }

  @Test
  void postgresLocationsAreReadTheWayTheDriverReadsThem() {
    StoreLocation.Postgres plain =
        (StoreLocation.Postgres)
            StoreLocation.parse("jdbc:postgresql://db.example:6543/scans?user=u&password=p");
    assertThat(plain.hostPort()).isEqualTo("db.example:6543");
    assertThat(plain.database()).isEqualTo("scans");
    assertThat(plain.schema()).isNull();
    assertThat(plain.display()).isEqualTo("PostgreSQL database scans at db.example:6543");

    StoreLocation.Postgres defaults =
        (StoreLocation.Postgres)
            StoreLocation.parse("jdbc:postgresql:///scans?currentSchema=corral,public");
    assertThat(defaults.hostPort()).isEqualTo("localhost:5432");
    assertThat(defaults.schema()).isEqualTo("corral");
  }
}
