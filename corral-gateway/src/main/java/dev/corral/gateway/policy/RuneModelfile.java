package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.ModelfileParsers.goCase;
import static dev.corral.gateway.policy.ModelfileParsers.goIsPrint;
import static dev.corral.gateway.policy.ModelfileParsers.goIsSpace;

import dev.corral.gateway.policy.ModelfileParsers.Command;
import dev.corral.gateway.policy.ModelfileParsers.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ollama v0.1.34 - v0.5.4 ({@code ParseFile}): a state machine fed one rune at a time.
 *
 * <ul>
 *   <li>'\r' and '\n' both end a line, ' ' and '\t' separate; '#' starts a comment only where a
 *       command could start.
 *   <li>A command name is ASCII letters; its first rune may be anything that is not a space, a
 *       newline or '#', and is kept only if strconv.IsPrint (so a U+FEFF in front of FROM
 *       vanishes).
 *   <li>A value ends at a newline once unquote accepts it ({@code """..."""}, {@code "..."} or no
 *       leading quote); until then newlines are part of it. Unprintable runes are dropped from it,
 *       except the spaces and newlines that did not end it.
 *   <li>{@code PARAMETER name value}: the name becomes the command name, so {@code PARAMETER model
 *       x} is a FROM for CreateModel.
 *   <li>The file is refused on an unknown command, a bad MESSAGE role, an unclosed value at the
 *       end, or no command named "model".
 * </ul>
 *
 * <p>Variant differences: v0.1.34-rc1 refuses an empty value in unquote; v0.1.39 - v0.1.42 skip
 * leading U+FFFD runes and, if there were any, every NUL after them ("utf16" mode); v0.1.43 reads
 * byte by byte, each non-ASCII byte turning into U+FFFD; v0.1.44 on strip one leading UTF-8 BOM;
 * v0.1.49-rc1 on unquote TrimSpace(value) instead of the value.
 *
 * <p>One deliberate deviation, on the side of reading more: the first rune of a command name is
 * kept only if it is printable ASCII. Go keeps any printable rune there, but a name that starts
 * with a non-ASCII rune is never a valid command, so Go refuses the file at that point; dropping it
 * instead only adds commands to readings of files Go refuses, and makes the reading immune to
 * Unicode-version drift in IsPrint at that position.
 */
final class RuneModelfile {

  private enum State {
    NIL,
    NAME,
    VALUE,
    PARAMETER,
    MESSAGE,
    COMMENT
  }

  private RuneModelfile() {}

  static Optional<List<Command>> parse(String text, byte[] utf8, Variant variant) {
    Machine machine =
        new Machine(variant == Variant.RUNES_V0_1_49, variant == Variant.RUNES_V0_1_34_RC1);
    if (variant == Variant.BYTES_V0_1_43) {
      for (byte b : utf8) {
        if (!machine.accept(b >= 0 ? b : 0xFFFD)) {
          return Optional.empty();
        }
      }
      return machine.finish();
    }
    boolean stripBom = variant == Variant.RUNES_V0_1_44 || variant == Variant.RUNES_V0_1_49;
    boolean utf16Trick = variant == Variant.RUNES_V0_1_39;
    boolean utf16 = false;
    boolean started = false;
    int i = stripBom && text.startsWith("\uFEFF") ? 1 : 0;
    while (i < text.length()) {
      int r = text.codePointAt(i);
      i += Character.charCount(r);
      if (utf16Trick) {
        if (!started && r == 0xFFFD) {
          utf16 = true; // taken for the first half of a UTF-16 byte-order mark
          continue;
        }
        if (utf16 && r == 0) {
          continue; // taken for the zero half of a UTF-16 code unit
        }
        started = true;
      }
      if (!machine.accept(r)) {
        return Optional.empty();
      }
    }
    return machine.finish();
  }

  private static final class Machine {
    private final boolean trimBeforeUnquote;
    private final boolean emptyIsUnclosed;
    private final List<Command> commands = new ArrayList<>();
    private final StringBuilder buffer = new StringBuilder();
    // Where Go's TrimSpace would cut the buffer, kept up to date so each check is O(1).
    private int firstNonSpace = -1;
    private int endNonSpace;
    private State current = State.NIL;
    private String name = "";
    private String role = "";

    Machine(boolean trimBeforeUnquote, boolean emptyIsUnclosed) {
      this.trimBeforeUnquote = trimBeforeUnquote;
      this.emptyIsUnclosed = emptyIsUnclosed;
    }

    /** One rune; false when Go returns an error. */
    boolean accept(int rune) {
      State next;
      int r = rune;
      switch (current) {
        case NIL -> {
          if (rune == '#') {
            next = State.COMMENT;
            r = 0;
          } else if (isSpace(rune) || isNewline(rune)) {
            next = State.NIL;
            r = 0;
          } else {
            next = State.NAME;
          }
        }
        case NAME, PARAMETER, MESSAGE -> {
          // A command name and a MESSAGE role are letters, a parameter name also digits and '_'.
          boolean word =
              isAlpha(rune)
                  || (current == State.PARAMETER && ((rune >= '0' && rune <= '9') || rune == '_'));
          if (word) {
            next = current;
          } else if (isSpace(rune)) {
            next = State.VALUE;
            r = 0;
          } else {
            return false; // invalid command, or io.ErrUnexpectedEOF for a parameter or role
          }
        }
        case VALUE -> next = isNewline(rune) || isSpace(rune) ? State.NIL : State.VALUE;
        case COMMENT -> {
          next = isNewline(rune) ? State.NIL : State.COMMENT;
          r = 0;
        }
        default -> throw new IllegalStateException();
      }
      boolean nameStart = current == State.NIL && next == State.NAME;
      if (next != current) {
        switch (current) {
          case NAME -> {
            String command = goCase(buffer.toString(), false);
            switch (command) {
              case "from" -> name = "model";
              case "parameter" -> next = State.PARAMETER;
              case "message" -> {
                next = State.MESSAGE;
                name = command;
              }
              case "license", "template", "system", "adapter" -> name = command;
              default -> {
                return false; // invalid command
              }
            }
          }
          case PARAMETER -> name = buffer.toString();
          case MESSAGE -> {
            role = buffer.toString();
            if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
              return false;
            }
          }
          case VALUE -> {
            if (isSpace(r) || !closed()) {
              append(r); // still inside the value, written even if unprintable
              return true;
            }
            addCommand();
          }
          default -> {
            // NIL and COMMENT carry nothing over
          }
        }
        buffer.setLength(0);
        firstNonSpace = -1;
        endNonSpace = 0;
        current = next;
      }
      if (nameStart ? r < 0x80 && goIsPrint(r) : goIsPrint(r)) {
        append(r);
      }
      return true;
    }

    /** End of input: flush the last value, then insist on a "model" command. */
    Optional<List<Command>> finish() {
      switch (current) {
        case NIL, COMMENT -> {
          // nothing pending
        }
        case VALUE -> {
          if (!closed()) {
            return Optional.empty(); // unexpected EOF inside a quoted value
          }
          addCommand();
        }
        default -> {
          return Optional.empty();
        }
      }
      for (Command command : commands) {
        if (command.name().equals("model")) {
          return Optional.of(commands);
        }
      }
      return Optional.empty(); // no FROM line
    }

    private void addCommand() {
      String value = unquoted();
      if (!role.isEmpty()) {
        value = role + ": " + value;
        role = "";
      }
      commands.add(new Command(name, value));
    }

    private void append(int r) {
      if (!goIsSpace(r)) {
        if (firstNonSpace < 0) {
          firstNonSpace = buffer.length();
        }
        buffer.appendCodePoint(r);
        endNonSpace = buffer.length();
      } else {
        buffer.appendCodePoint(r);
      }
    }

    /**
     * Whether Go's unquote accepts the buffer (TrimSpace'd first from v0.1.49-rc1): no leading
     * quote, or {@code """..."""}, or {@code "..."}. O(1): a long value is checked at each of its
     * newlines. Only ASCII quote marks are compared, so char and Go byte offsets agree.
     */
    private boolean closed() {
      int lo = low();
      int length = high() - lo;
      if (emptyIsUnclosed && length == 0) {
        return false;
      }
      if (length >= 3 && quotes(lo, 3)) {
        return length >= 6 && quotes(lo + length - 3, 3);
      }
      if (length >= 1 && quotes(lo, 1)) {
        return length >= 2 && quotes(lo + length - 1, 1);
      }
      return true;
    }

    /** unquote's result for a {@link #closed()} buffer. */
    private String unquoted() {
      int lo = low();
      int hi = high();
      int quote = hi - lo >= 6 && quotes(lo, 3) ? 3 : hi - lo >= 2 && quotes(lo, 1) ? 1 : 0;
      return buffer.substring(lo + quote, hi - quote);
    }

    private int low() {
      return trimBeforeUnquote && firstNonSpace >= 0 ? firstNonSpace : 0;
    }

    private int high() {
      if (!trimBeforeUnquote) {
        return buffer.length();
      }
      return firstNonSpace < 0 ? 0 : endNonSpace;
    }

    private boolean quotes(int at, int count) {
      for (int k = at; k < at + count; k++) {
        if (buffer.charAt(k) != '"') {
          return false;
        }
      }
      return true;
    }
  }

  private static boolean isAlpha(int r) {
    return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  private static boolean isSpace(int r) {
    return r == ' ' || r == '\t';
  }

  private static boolean isNewline(int r) {
    return r == '\r' || r == '\n';
  }
}
