/** Plain aligned columns, for terminals and for `grep`/`awk`. */
export function formatTable(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(escapeControls));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "))
    .join("\n");
}

const namedEscapes: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Cells hold text others chose (token labels, tenant names): a line break in one would forge a row,
 * and an escape sequence rewrite the operator's terminal. Control characters show as escapes.
 */
function escapeControls(cell: string): string {
  return cell.replace(/\p{Cc}/gu, (char) => namedEscapes[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
