/** A noun as said of one thing and of any other count; a plain word takes an s for the latter. */
export type Noun = { one: string; other: string } | string;

export function nounOf(noun: Noun): { one: string; other: string } {
  return typeof noun === "string" ? { one: noun, other: `${noun}s` } : noun;
}

/** `1 alert`, `2 alerts`: a count and its noun. */
export function countOf(n: number, noun: Noun): string {
  const { one, other } = nounOf(noun);
  return `${n} ${n === 1 ? one : other}`;
}
