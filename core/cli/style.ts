/**
 * Terminal styling that respects `NO_COLOR` and non-terminal output.
 * @module
 */

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] };

/** A styling function for one ANSI style. */
export type Styler = (text: string) => string;

/** Styles for a context; every function is the identity when colour is off. */
export function styles(color: boolean): Record<keyof typeof codes, Styler> {
  const make = ([open, close]: number[]): Styler =>
    color ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
  return {
    bold: make(codes.bold),
    dim: make(codes.dim),
    red: make(codes.red),
    green: make(codes.green),
    yellow: make(codes.yellow),
  };
}
