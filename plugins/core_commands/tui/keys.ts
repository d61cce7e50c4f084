/**
 * Key presses from the bytes a terminal sends in raw mode: printable
 * characters, Enter, Backspace, Escape, Ctrl-C/U and the arrow, page, home
 * and end escape sequences (both `ESC [` and `ESC O` forms).
 * @module
 */

/** One key press. */
export type Key =
  | { name: "char"; char: string }
  | {
    name:
      | "up"
      | "down"
      | "left"
      | "right"
      | "pageup"
      | "pagedown"
      | "home"
      | "end"
      | "enter"
      | "escape"
      | "backspace"
      | "delete"
      | "tab"
      | "ctrl-c"
      | "ctrl-u";
  };

const SEQUENCES: Record<string, Key["name"]> = {
  "[A": "up",
  "[B": "down",
  "[C": "right",
  "[D": "left",
  "OA": "up",
  "OB": "down",
  "OC": "right",
  "OD": "left",
  "[H": "home",
  "[F": "end",
  "OH": "home",
  "OF": "end",
  "[1~": "home",
  "[4~": "end",
  "[3~": "delete",
  "[5~": "pageup",
  "[6~": "pagedown",
};

const CONTROL: Record<string, Key["name"]> = {
  "\r": "enter",
  "\n": "enter",
  "\t": "tab",
  "\x7f": "backspace",
  "\b": "backspace",
  "\x03": "ctrl-c",
  "\x15": "ctrl-u",
};

/**
 * The keys in one chunk of terminal input. Unknown escape sequences are dropped.
 *
 * @example
 * ```ts
 * decodeKeys("\x1b[Bx\r"); // [{ name: "down" }, { name: "char", char: "x" }, { name: "enter" }]
 * ```
 */
export function decodeKeys(text: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "\x1b") {
      // deno-lint-ignore no-control-regex -- terminal escape sequences start with ESC by definition
      const match = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(text.slice(i));
      if (match) {
        const name = SEQUENCES[match[1]];
        if (name) keys.push({ name } as Key);
        i += match[0].length;
      } else {
        keys.push({ name: "escape" });
        i++;
      }
      continue;
    }
    const control = CONTROL[char];
    if (control) keys.push({ name: control } as Key);
    else if (char >= " ") keys.push({ name: "char", char });
    i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
  }
  return keys;
}
