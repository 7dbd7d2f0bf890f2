package dev.corral.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately dumb HTTP/1.1 client for byte-exact tests: sends exactly the bytes given and
 * returns exactly the bytes of one response (framed by Content-Length, chunked encoding, or
 * connection close).
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, 5_000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** One request on a fresh connection. */
  public static String exchange(InetSocketAddress address, String request) throws IOException {
    try (RawHttp http = new RawHttp(address)) {
      return http.send(request);
    }
  }

  public String send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return readResponse(request.startsWith("HEAD "));
  }

  /** Sends without reading, for tests that read the answer piecemeal. */
  public void sendOnly(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads only the status line and headers. */
  public String readHead() throws IOException {
    return readHeaders(new ByteArrayOutputStream());
  }

  public String readResponse(boolean head) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    String headers = readHeaders(response);
    String lower = headers.toLowerCase(java.util.Locale.ROOT);
    int status = Integer.parseInt(headers.substring(9, 12));
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      return response.toString(StandardCharsets.UTF_8);
    }
    if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
      while (true) {
        String sizeLine = readLine(response);
        int size = Integer.parseInt(sizeLine.strip(), 16);
        copy(response, size + 2);
        if (size == 0) {
          break;
        }
      }
    } else if (lower.contains("\r\ncontent-length: ")) {
      int start = lower.indexOf("\r\ncontent-length: ") + 18;
      int length = Integer.parseInt(lower.substring(start, lower.indexOf("\r\n", start)).strip());
      copy(response, length);
    } else if (lower.contains("\r\nconnection: close\r\n") || headers.startsWith("HTTP/1.0")) {
      in.transferTo(response);
    }
    return response.toString(StandardCharsets.UTF_8);
  }

  private String readHeaders(ByteArrayOutputStream response) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      response.write(b);
      text.append((char) b);
    }
    return text.toString();
  }

  private String readLine(ByteArrayOutputStream response) throws IOException {
    StringBuilder line = new StringBuilder();
    while (!line.toString().endsWith("\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a chunk header");
      }
      response.write(b);
      line.append((char) b);
    }
    return line.toString();
  }

  private void copy(ByteArrayOutputStream response, int count) throws IOException {
    byte[] data = in.readNBytes(count);
    response.write(data, 0, data.length);
  }

  /**
   * Reads one chunk of a chunked body (after {@link #readHead}); null at the last chunk. Lets a
   * test see when each chunk arrives.
   */
  public String readChunk() throws IOException {
    ByteArrayOutputStream ignored = new ByteArrayOutputStream();
    String sizeLine = readLine(ignored);
    int size = Integer.parseInt(sizeLine.strip(), 16);
    byte[] data = in.readNBytes(size);
    in.readNBytes(2);
    return size == 0 ? null : new String(data, StandardCharsets.UTF_8);
  }

  /** Sends raw bytes. */
  public void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public Socket socket() {
    return socket;
  }

  /** True when the server has closed the connection. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
