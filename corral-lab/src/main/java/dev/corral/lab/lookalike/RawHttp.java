package dev.corral.lab.lookalike;

import dev.corral.lab.wire.GoWire;
import dev.corral.lab.wire.LabResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A response head written exactly as a non-Go server writes it (uvicorn's lower-case headers,
 * Python's http.server, Express), so the lab's look-alikes differ from Ollama on the wire too.
 */
final class RawHttp {
  private final int status;
  private final List<String[]> headers = new ArrayList<>();
  private byte[] body = new byte[0];

  private RawHttp(int status) {
    this.status = status;
  }

  static RawHttp status(int status) {
    return new RawHttp(status);
  }

  RawHttp header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** Puts a header before the others (servers that write Server and Date first). */
  RawHttp first(String name, String value) {
    headers.add(0, new String[] {name, value});
    return this;
  }

  RawHttp body(String text) {
    this.body = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  byte[] body() {
    return body;
  }

  /** Head plus body; {@code lengthName} is how this server spells Content-Length. */
  LabResponse response(String lengthName, boolean head) {
    StringBuilder out = new StringBuilder();
    out.append("HTTP/1.1 ")
        .append(status)
        .append(' ')
        .append(GoWire.statusText(status))
        .append("\r\n");
    for (String[] h : headers) {
      out.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    if (lengthName != null) {
      out.append(lengthName).append(": ").append(body.length).append("\r\n");
    }
    out.append("\r\n");
    byte[] headBytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + (head ? 0 : body.length)];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    if (!head) {
      System.arraycopy(body, 0, all, headBytes.length, body.length);
    }
    Iterator<LabResponse.Chunk> one = List.of(new LabResponse.Chunk(all, 0)).iterator();
    return new LabResponse().raw(one, lengthName == null);
  }
}
