package dev.corral.core.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON Lines reading and writing of {@link HostRecord}s, the scanner's output format. */
public final class HostRecordJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private HostRecordJson() {}

  /** One line, without the newline. */
  public static String line(HostRecord record) {
    try {
      return MAPPER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a host record always serialises", e);
    }
  }

  /** Reads one line; throws with Jackson's reason when it is not a host record. */
  public static HostRecord parse(String line) throws JsonProcessingException {
    return MAPPER.readValue(line, HostRecord.class);
  }
}
