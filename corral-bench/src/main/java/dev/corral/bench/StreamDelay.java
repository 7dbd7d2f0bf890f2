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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * LINES WARMUP NAME=URL[|AUTHORIZATION]...}: serves the stream on 127.0.0.1:UPSTREAM_PORT (start
 * each proxy with that upstream), runs WARMUP unmeasured streams on every path (a proxy on a fresh
 * JVM is still compiling for its first tens of thousands of chunks), then REQUESTS measured streams
 * of LINES lines (1 ms apart) on every path, directly and through each named proxy, sending
 * AUTHORIZATION (e.g. {@code Bearer KEY}) to that proxy. The paths take turns stream by stream, so
 * that a slow spell of the machine falls on all of them. Everything is loopback.
 */
public final class StreamDelay {
  private static final byte[] REQUEST_BODY =
      "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}"
          .getBytes(StandardCharsets.US_ASCII);

  /** Where an unmeasured stream's delays go: nowhere. */
  private static final long[] UNMEASURED = new long[0];

  private StreamDelay() {}

  public static void main(String[] args) throws Exception {
    int upstreamPort = Integer.parseInt(args[0]);
    int requests = Integer.parseInt(args[1]);
    int lines = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    Map<String, URI> vias = new LinkedHashMap<>();
    Map<String, String> authorizations = new LinkedHashMap<>();
    vias.put("direct", URI.create("http://127.0.0.1:" + upstreamPort));
    for (int i = 4; i < args.length; i++) {
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
      List<Client> clients = new ArrayList<>();
      try {
        for (var via : vias.entrySet()) {
          clients.add(Client.connected(via.getValue(), authorizations.get(via.getKey())));
        }
        for (int r = 0; r < warmup; r++) {
          for (Client client : clients) {
            client.stream(UNMEASURED, 0);
          }
        }
        Map<String, long[]> delays = new LinkedHashMap<>();
        for (String name : vias.keySet()) {
          delays.put(name, new long[requests * lines]);
        }
        int[] counts = new int[clients.size()];
        for (int r = 0; r < requests; r++) {
          int c = 0;
          for (long[] into : delays.values()) {
            counts[c] = clients.get(c).stream(into, counts[c]);
            c++;
          }
        }
        System.out.println("path,lines,p50_us,p90_us,p99_us,max_us,added_p50_us,added_p99_us");
        long[] straight = null;
        int c = 0;
        for (var entry : delays.entrySet()) {
          long[] sorted = Arrays.copyOf(entry.getValue(), counts[c++]);
          Arrays.sort(sorted);
          if (straight == null) {
            straight = sorted;
          }

          System.out.printf(
              Locale.ROOT,
              "%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n",
              entry.getKey(),
              sorted.length,
              percentile(sorted, 50) / 1000.0,
              percentile(sorted, 90) / 1000.0,
              percentile(sorted, 99) / 1000.0,
              sorted[sorted.length - 1] / 1000.0,
              (percentile(sorted, 50) - percentile(straight, 50)) / 1000.0,
              (percentile(sorted, 99) - percentile(straight, 99)) / 1000.0);
        }
      } finally {
        for (Client client : clients) {
          client.close();
        }
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

  /** One kept-alive connection to a path, sending one chat request after another. */
  private static final class Client implements AutoCloseable {
    private final byte[] request;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private Client(URI base, String authorization) throws IOException {
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
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(head.getBytes(StandardCharsets.US_ASCII));
      bytes.write(REQUEST_BODY);
      this.request = bytes.toByteArray();
      this.socket = new Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** A client whose first stream came through (the proxy may still be starting: 30 s). */
    static Client connected(URI base, String authorization) throws Exception {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        Client client = null;
        try {
          client = new Client(base, authorization);
          client.stream(UNMEASURED, 0);
          return client;
        } catch (IOException e) {
          if (client != null) {
            client.close();
          }
          if (System.nanoTime() > deadline) {
            throw new IOException(
                "no stream through " + base + " within 30 s: " + e.getMessage(), e);
          }
          Thread.sleep(200);
        }
      }
    }

    /**
     * One stream whose lines' delays go into {@code delays} from {@code count} on; the new count.
     */
    int stream(long[] delays, int count) throws IOException {
      out.write(request);
      out.flush();
      return readStream(in, delays, count);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
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
