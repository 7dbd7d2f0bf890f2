package dev.corral.lab.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Response heads as nginx writes them when it answers or proxies: {@code Server}, {@code Date},
 * {@code Content-Type}, length or chunking, {@code Connection}, then the remaining headers. Used
 * for personas with an authenticating proxy in front.
 */
final class NginxWire {
  private NginxWire() {}

  static GoWire.Head head(LabRequest request, LabResponse response, String date) {
    boolean http11 = request.atLeastHttp11();
    boolean close = request.wantsClose() || !http11;
    StringBuilder out = new StringBuilder(256);
    out.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
        .append(response.status())
        .append(' ')
        .append(GoWire.statusText(response.status()))
        .append("\r\n");
    out.append("Server: ").append(response.proxyServer()).append("\r\n");
    out.append("Date: ").append(date).append("\r\n");
    String type = response.headers().get("Content-Type");
    if (type != null) {
      out.append("Content-Type: ").append(type).append("\r\n");
    }
    GoWire.Framing framing;
    boolean bodyAllowed = GoWire.bodyAllowed(response.status());
    if (!bodyAllowed) {
      framing = GoWire.Framing.NONE;
    } else if (response.isStreaming()) {
      framing =
          request.isHead()
              ? GoWire.Framing.NONE
              : http11 ? GoWire.Framing.CHUNKED : GoWire.Framing.UNTIL_CLOSE;
      if (http11) {
        out.append("Transfer-Encoding: chunked\r\n");
      }
    } else {
      int length = response.body() == null ? 0 : response.body().length;
      out.append("Content-Length: ").append(length).append("\r\n");
      framing = request.isHead() ? GoWire.Framing.NONE : GoWire.Framing.LENGTH;
    }
    out.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n");
    for (Map.Entry<String, List<String>> e : response.headers().entries().entrySet()) {
      String key = e.getKey();
      if (key.equals("Content-Type")
          || key.equals("Content-Length")
          || key.equals("Connection")
          || key.equals("Date")
          || key.equals("Transfer-Encoding")) {
        continue;
      }
      for (String value : e.getValue()) {
        out.append(key).append(": ").append(value).append("\r\n");
      }
    }
    out.append("\r\n");
    return new GoWire.Head(
        out.toString().getBytes(StandardCharsets.ISO_8859_1),
        framing == GoWire.Framing.UNTIL_CLOSE ? GoWire.Framing.UNTIL_CLOSE : framing,
        close || framing == GoWire.Framing.UNTIL_CLOSE);
  }
}
