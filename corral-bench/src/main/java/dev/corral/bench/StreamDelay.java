package dev.corral.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Per-chunk streaming delay: how long each NDJSON line of a streamed {@code /api/chat} takes from
 * the moment the upstream writes it to the moment the client reads it, straight and through a
 * proxy. Upstream and client live in this one JVM, so both ends read the same {@link
 * System#nanoTime()} clock: each line carries the time it was written, and the client subtracts it
 * from the time it read the line. The proxy's added delay per chunk is the difference between the
 * two runs' percentiles.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.corral.bench.StreamDelay UPSTREAM_PORT REQUESTS
 * LINES NAME=URL[|AUTHORIZATION]...}: serves the stream on 127.0.0.1:UPSTREAM_PORT (start each
 * proxy with that upstream), then runs REQUESTS streams of LINES lines (1 ms apart) directly and
 * through each named proxy, sending AUTHORIZATION (e.g. {@code Bearer KEY}) to that proxy.
 * Everything is loopback.
 */
public final class StreamDelay {
  private static final byte[] REQUEST_BODY =
      "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}"
          .getBytes(StandardCharsets.US_ASCII);

  private StreamDelay() {}

  public static void main(String[] args) throws Exception {
    int upstreamPort = Integer.parseInt(args[0]);
    int requests = Integer.parseInt(args[1]);
    int lines = Integer.parseInt(args[2]);
    Map<String, URI> vias = new LinkedHashMap<>();
    Map<String, String> authorizations = new LinkedHashMap<>();
    URI direct = URI.create("http://127.0.0.1:" + upstreamPort);
    vias.put("direct", direct);
    for (int i = 3; i < args.length; i++) {
      String[] nameAndRest = args[i].split("=", 2);
      String[] urlAndAuth = nameAndRest[1].split("\\|", 2);
      URI via = URI.create(urlAndAuth[0]);
      requireLoopback(via);
      vias.put(nameAndRest[0], via);
      authorizations.put(nameAndRest[0], urlAndAuth.length > 1 ? urlAndAuth[1] : null);
    }
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 128);
      Thread upstream = Thread.ofPlatform().daemon().start(() -> serve(server, lines));
      // Wait for every proxy, then warm each path (the JIT above all) before measuring.
      for (var via : vias.entrySet()) {
        waitUntilStreaming(via.getValue(), authorizations.get(via.getKey()));
        measure(via.getValue(), authorizations.get(via.getKey()), requests / 2, lines);
      }
      System.out.println("path,lines,p50_us,p90_us,p99_us,max_us,added_p50_us,added_p99_us");
      long[] straight = null;
      for (var via : vias.entrySet()) {
        long[] delays = measure(via.getValue(), authorizations.get(via.getKey()), requests, lines);
        if (straight == null) {
          straight = delays;
        }
        System.out.printf(
            Locale.ROOT,
            "%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n",
            via.getKey(),
            delays.length,
            percentile(delays, 50) / 1000.0,
            percentile(delays, 90) / 1000.0,
            percentile(delays, 99) / 1000.0,
            delays[delays.length - 1] / 1000.0,
            (percentile(delays, 50) - percentile(straight, 50)) / 1000.0,
            (percentile(delays, 99) - percentile(straight, 99)) / 1000.0);
      }
      upstream.interrupt();
    }
  }

  private static void requireLoopback(URI uri) throws IOException {
    if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("only loopback addresses are measured, not " + uri);
    }
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
  }

  /** Streams until the proxy answers 200 (it may still be starting). */
  private static void waitUntilStreaming(URI via, String authorization) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        measure(via, authorization, 1, 2);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no stream through " + via + " within 30 s: " + e.getMessage(), e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Sorted per-line delays in nanoseconds over {@code requests} streams on one connection. */
  private static long[] measure(URI base, String authorization, int requests, int lines)
      throws IOException {
    long[] delays = new long[requests * lines];
    int n = 0;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      for (int r = 0; r < requests; r++) {
        String head =
            "POST /api/chat HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + REQUEST_BODY.length
                + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head.getBytes(StandardCharsets.US_ASCII));
        request.write(REQUEST_BODY);
        request.writeTo(out);
        out.flush();
        n = readStream(in, delays, n);
      }
    }
    long[] measured = Arrays.copyOf(delays, n);
    Arrays.sort(measured);
    return measured;
  }

  /** Reads one chunked NDJSON response; records each line's delay; returns the new count. */
  private static int readStream(InputStream in, long[] delays, int n) throws IOException {
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("answer was '" + status + "', not 200");
    }
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).equals("transfer-encoding: chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      throw new IOException("the stream was not chunked");
    }
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line(in).split(";", 2)[0].strip(), 16);
      if (size == 0) {
        line(in); // the empty line after the last chunk (no trailers)
        return n;
      }
      byte[] data = in.readNBytes(size);
      long now = System.nanoTime();
      line(in);
      for (byte b : data) {
        if (b == '\n') {
          String text = pending.toString(StandardCharsets.US_ASCII);
          pending.reset();
          int at = text.indexOf("\"content\":\"t");
          if (at >= 0 && n < delays.length) {
            int end = text.indexOf('"', at + 12);
            delays[n++] = now - Long.parseLong(text.substring(at + 12, end));
          }
        } else {
          pending.write(b);
        }
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder out = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-answer");
      }
      if (b != '\r') {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  /** The upstream: Ollama-shaped chat streams, each line stamped with the time it is written. */
  private static void serve(ServerSocket server, int lines) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofPlatform().daemon().start(() -> answer(socket, lines));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void answer(Socket socket, int lines) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        long length = -1;
        String request = line(in);
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          String lower = header.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(lower.substring(15).strip());
          }
        }
        if (length > 0) {
          in.skipNBytes(length);
        }
        if (!request.startsWith("POST /api/chat ")) {
          byte[] body = "{\"version\":\"0.32.15\"}".getBytes(StandardCharsets.US_ASCII);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          continue;
        }
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < lines; i++) {
          LockSupport.parkNanos(1_000_000);
          String ndjson =
              "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-27T00:00:00Z\",\"message\":"
                  + "{\"role\":\"assistant\",\"content\":\"t"
                  + System.nanoTime()
                  + "\"},\"done\":false}\n";
          chunk(out, ndjson);
        }
        chunk(
            out,
            "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-27T00:00:00Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,"
                + "\"total_duration\":1,\"load_duration\":1,\"prompt_eval_count\":3,"
                + "\"prompt_eval_duration\":1,\"eval_count\":"
                + lines
                + ",\"eval_duration\":1}\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away: this connection is done
    }
  }

  private static void chunk(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
