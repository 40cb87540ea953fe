/** `text` with its `%`, `_` and backslashes escaped, to be taken literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching `text` anywhere, its `%`, `_` and backslashes taken literally. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
