package dev.corral.scan.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/** Reads one record at a time from an opened source file. */
interface RecordStream extends Closeable {
  /**
   * The candidates of the next record: empty for a record that gives none or is bad (the stream
   * reports it to the problems), null at the end of the file.
   */
  Iterator<Candidate> next() throws IOException;
}
