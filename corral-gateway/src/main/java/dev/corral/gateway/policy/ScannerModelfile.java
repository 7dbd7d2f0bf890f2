package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.ModelfileParsers.goCase;
import static dev.corral.gateway.policy.ModelfileParsers.goTrimSpace;
import static dev.corral.gateway.policy.ModelfileParsers.splitOnFirstSpace;

import dev.corral.gateway.policy.ModelfileParsers.Command;
import dev.corral.gateway.policy.ModelfileParsers.Variant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Ollama v0.1.10 - v0.1.33 ({@code parser.Parse}): a bufio.Scanner over the bytes, split into
 * tokens by {@code scanModelfile}, each token cut at its first ' ' into a command and its argument.
 *
 * <p>The split function: if a {@code """} (else a {@code "}) starts before the first '\n' of the
 * data the scanner holds, the token runs from the start of the data to the matching closing quote,
 * quote marks removed, and whatever follows the closing quote starts the next token. If the closing
 * quote is not in the data yet, the scanner only gives up at EOF; before that the {@code "} rule
 * gets a go, so an unclosed {@code """} reads as {@code ""} plus a {@code "}. Otherwise
 * bufio.ScanLines: up to '\n', one trailing '\r' dropped. A final line without '\n' never gets the
 * quote rules. The scanner holds at most 64 KiB ({@code bufio.MaxScanTokenSize}): a token that
 * needs more makes it fail, and with it the whole file.
 */
final class ScannerModelfile {

  private static final int BUFFER = 64 * 1024;
  private static final byte[] FAILED = new byte[0];

  private ScannerModelfile() {}

  static Optional<List<Command>> parse(byte[] modelfile, Variant variant) {
    boolean trim = variant != Variant.SCAN_V0_1_10;
    boolean messages = variant == Variant.SCAN_V0_1_21;
    Scanner scanner = new Scanner(modelfile);
    List<Command> commands = new ArrayList<>();
    String lastFrom = "";
    for (byte[] token = scanner.next(); token != null; token = scanner.next()) {
      if (token == FAILED) {
        return Optional.empty();
      }
      List<String> fields = splitOnFirstSpace(new String(token, StandardCharsets.UTF_8));
      String keyword = fields.get(0);
      if (keyword.isEmpty()) {
        continue;
      }
      String upper = goCase(keyword, true);
      if (upper.equals("EMBED")) {
        return Optional.empty(); // "deprecated command"
      }
      boolean known =
          switch (upper) {
            case "FROM", "ADAPTER", "LICENSE", "TEMPLATE", "SYSTEM", "PROMPT", "PARAMETER" -> true;
            case "MESSAGE" -> messages;
            default -> false;
          };
      if (!known) {
        continue; // unknown commands and comments are skipped
      }
      if (fields.size() < 2) {
        return Optional.empty(); // fields[1] out of range: Go panics, gin answers 500
      }
      String rest = fields.get(1);
      switch (upper) {
        case "FROM" -> {
          lastFrom = trim ? goTrimSpace(rest) : rest;
          commands.add(new Command("model", lastFrom));
        }
        case "ADAPTER" -> commands.add(new Command("adapter", trim ? goTrimSpace(rest) : rest));
        case "PARAMETER" -> {
          List<String> pair = splitOnFirstSpace(rest);
          if (pair.size() < 2) {
            return Optional.empty(); // "missing value"
          }
          // The parameter's name becomes the command name as written: "model" and "adapter"
          // reach the same branches of CreateModel as FROM and ADAPTER.
          String value = trim ? goTrimSpace(pair.get(1)) : pair.get(1);
          commands.add(new Command(pair.get(0), value));
        }
        case "MESSAGE" -> {
          List<String> pair = splitOnFirstSpace(rest);
          if (pair.size() < 2) {
            return Optional.empty();
          }
          String role = goCase(pair.get(0), false);
          if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
            return Optional.empty();
          }
          commands.add(new Command("message", role + ": " + pair.get(1)));
        }
        default -> commands.add(new Command(goCase(keyword, false), rest));
      }
    }
    if (lastFrom.isEmpty()) {
      return Optional.empty(); // "no FROM line for the model was specified" (the last FROM counts)
    }
    return Optional.of(commands);
  }

  /**
   * bufio.Scanner over a strings.Reader with a 64 KiB buffer, tracked by offsets into the input:
   * the data the split function sees is {@code in[base + start, base + end)}.
   */
  private static final class Scanner {
    private static final int NO_TOKEN = -1;
    private static final int QUOTED = Integer.MAX_VALUE;
    private final byte[] in;
    private final Finder newlines;
    private final Finder triples;
    private final Finder quotes;
    private int base;
    private int start;
    private int end;
    private boolean eof;

    Scanner(byte[] in) {
      this.in = in;
      this.newlines = new Finder(in, 1, (byte) '\n');
      this.triples = new Finder(in, 3, (byte) '"');
      this.quotes = new Finder(in, 1, (byte) '"');
    }

    /** The next token, null at the end, {@link #FAILED} when Scan would stop with an error. */
    byte[] next() {
      while (true) {
        if (end > start || eof) {
          long split = split(base + start, base + end, eof);
          if (split < 0) {
            return FAILED;
          }
          int advance = (int) (split >>> 32);
          int tokenEnd = (int) split;
          int from = base + start;
          start += advance;
          if (tokenEnd != NO_TOKEN) {
            return token(from, tokenEnd);
          }
        }
        if (eof) {
          return null;
        }
        if (start > 0 && (end == BUFFER || start > BUFFER / 2)) {
          base += start;
          end -= start;
          start = 0;
        }
        if (end == BUFFER) {
          return FAILED; // bufio.ErrTooLong
        }
        int n = Math.min(BUFFER - end, in.length - (base + end));
        if (n == 0) {
          eof = true;
        } else {
          end += n;
        }
      }
    }

    private int quoteOpen;
    private int quoteLength;
    private int quoteClose;

    /**
     * scanModelfile on {@code in[from, to)}: -1 for an error, else the advance in the high half and
     * in the low half the end of a line token, {@link #QUOTED} for a merged quote token (described
     * by quoteOpen/quoteLength/quoteClose), or {@link #NO_TOKEN}.
     */
    private long split(int from, int to, boolean atEof) {
      for (Finder quote : new Finder[] {triples, quotes}) {
        int newline = newlines.next(from);
        int open = quote.next(from);
        if (newline < 0 || newline >= to || open < 0 || open >= newline) {
          continue;
        }
        int close = quote.next(open + quote.length);
        if (close < 0 || close + quote.length > to) {
          if (atEof) {
            return -1; // "unterminated"
          }
          continue; // wants more data: the next rule gets its turn
        }
        quoteOpen = open;
        quoteLength = quote.length;
        quoteClose = close;
        return ((long) (close + quote.length - from) << 32) | QUOTED;
      }
      if (atEof && from == to) {
        return NO_TOKEN & 0xFFFFFFFFL;
      }
      int newline = newlines.next(from);
      if (newline >= 0 && newline < to) {
        return ((long) (newline + 1 - from) << 32) | (newline & 0xFFFFFFFFL);
      }
      if (atEof) {
        return ((long) (to - from) << 32) | (to & 0xFFFFFFFFL);
      }
      return NO_TOKEN & 0xFFFFFFFFL;
    }

    private byte[] token(int from, int tokenEnd) {
      if (tokenEnd == QUOTED) {
        byte[] before = Arrays.copyOfRange(in, from, quoteOpen);
        byte[] token = Arrays.copyOf(before, before.length + quoteClose - quoteOpen - quoteLength);
        System.arraycopy(
            in,
            quoteOpen + quoteLength,
            token,
            before.length,
            quoteClose - quoteOpen - quoteLength);
        return token;
      }
      int lineEnd = tokenEnd > from && in[tokenEnd - 1] == '\r' ? tokenEnd - 1 : tokenEnd;
      return Arrays.copyOfRange(in, from, lineEnd);
    }
  }

  /**
   * First occurrence at or after an offset of '\n', {@code """} or {@code "} in the whole input,
   * remembering the last answer so the scans stay linear.
   */
  private static final class Finder {
    private final byte[] in;
    private final int length;
    private final byte b;
    private int lastFrom = Integer.MAX_VALUE;
    private int lastHit;

    Finder(byte[] in, int length, byte b) {
      this.in = in;
      this.length = length;
      this.b = b;
    }

    int next(int from) {
      if (from >= lastFrom && (lastHit < 0 || from <= lastHit)) {
        return lastHit;
      }
      lastFrom = from;
      lastHit = -1;
      int run = 0;
      for (int i = from; i < in.length; i++) {
        run = in[i] == b ? run + 1 : 0;
        if (run == length) {
          lastHit = i - length + 1;
          break;
        }
      }
      return lastHit;
    }
  }
}
