package dev.corral.gateway.replay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends one case's bytes on a fresh connection and collects every answer that comes back: the first
 * within {@link #FIRST_ANSWER_MS}, more as long as they start within {@link #QUIET_MS} of the
 * previous one (pipelined and smuggled requests get answers of their own), until the server closes
 * the connection or goes quiet.
 */
final class ReplayClient {
  static final int FIRST_ANSWER_MS = 3_000;
  static final int QUIET_MS = 150;

  /** One HTTP answer. */
  record Answer(int status, String head, byte[] body) {
    @Override
    public String toString() {
      return head.strip() + "\n\n" + ReplayCase.show(body, 400);
    }
  }

  /** All that came back on the connection. */
  record Result(List<Answer> answers, boolean closedByServer, int localPort, String error) {}

  private ReplayClient() {}

  static Result exchange(InetSocketAddress address, byte[] request, boolean dribble)
      throws IOException {
    boolean headRequest = startsWith(request, "HEAD ");
    List<Answer> answers = new ArrayList<>();
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.setTcpNoDelay(true);
      int localPort = socket.getLocalPort();
      try {
        if (dribble) {
          for (byte b : request) {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            Thread.sleep(0, 200_000);
          }
        } else {
          socket.getOutputStream().write(request);
          socket.getOutputStream().flush();
        }
      } catch (IOException e) {
        // The server may close before it has read everything (a refusal mid-upload): what it
        // answered before that may still be readable, unless a reset has discarded it.
        readAll(socket, answers, headRequest);
        return new Result(answers, true, localPort, "write: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      if (startsWith(request, "PRI * HTTP/2.0")) {
        // HTTP/2 by prior knowledge: the answers are frames; the audit log says what they were.
        socket.setSoTimeout(QUIET_MS * 3);
        try {
          in.transferTo(OutputStream.nullOutputStream());
          return new Result(answers, true, localPort, null);
        } catch (IOException e) {
          return new Result(answers, false, localPort, null);
        }
      }
      socket.setSoTimeout(FIRST_ANSWER_MS);
      while (true) {
        int first;
        try {
          first = in.read();
        } catch (SocketTimeoutException e) {
          return new Result(answers, false, localPort, null);
        } catch (IOException e) {
          return new Result(answers, true, localPort, e.getMessage());
        }
        if (first < 0) {
          return new Result(answers, true, localPort, null);
        }
        socket.setSoTimeout(FIRST_ANSWER_MS);
        Answer answer;
        try {
          answer = read(first, in, headRequest && answers.isEmpty());
        } catch (IOException e) {
          return new Result(answers, true, localPort, "reading an answer: " + e.getMessage());
        }
        answers.add(answer);
        if (answer.status() == 101) {
          // Another protocol follows; its frames are not HTTP/1.1 answers.
          return new Result(answers, false, localPort, null);
        }
        socket.setSoTimeout(answer.status() / 100 == 1 ? FIRST_ANSWER_MS : QUIET_MS);
      }
    }
  }

  private static void readAll(Socket socket, List<Answer> answers, boolean headRequest) {
    try {
      socket.setSoTimeout(QUIET_MS);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      int first;
      while ((first = in.read()) >= 0) {
        answers.add(read(first, in, headRequest && answers.isEmpty()));
      }
    } catch (IOException | RuntimeException e) {
      // reset or timed out: keep what was read
    }
  }

  private static Answer read(int first, InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
    headBytes.write(first);
    while (!endsWithBlankLine(headBytes)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside the head: " + headBytes);
      }
      headBytes.write(b);
    }
    String headText = headBytes.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(headText.substring(9, 12));
    String lower = headText.toLowerCase(Locale.ROOT);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head || status / 100 == 1 || status == 204 || status == 304) {
      return new Answer(status, headText, body.toByteArray());
    }
    if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
      while (true) {
        String sizeLine = line(in);
        int semi = sizeLine.indexOf(';');
        int size =
            Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
        if (size == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          break;
        }
        body.write(in.readNBytes(size));
        line(in);
      }
    } else if (lower.contains("\r\ncontent-length:")) {
      int at = lower.indexOf("\r\ncontent-length:") + 17;
      long length = Long.parseLong(lower.substring(at, lower.indexOf("\r\n", at)).strip());
      body.write(in.readNBytes((int) length));
    } else {
      in.transferTo(body);
    }
    return new Answer(status, headText, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside chunked framing");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream out) {
    byte[] b = out.toByteArray();
    int n = b.length;
    return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    if (bytes.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
