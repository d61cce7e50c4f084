/**
 * The whole example application: one function worth reviewing and testing.
 * @module
 */

/** A greeting for `name`; an empty name greets the world. */
export function greet(name: string): string {
  const who = name.trim() || "world";
  return `Hello, ${who}!`;
}
