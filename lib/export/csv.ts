/*
 * CSV as spreadsheets read it (RFC 4180). Alert text is written by attackers: a cell a spreadsheet
 * would run as a formula (starting with = + - @, or a tab, carriage return or NUL that some strip
 * first) is neutralised with a leading apostrophe, which spreadsheets show as text. A `;` is
 * quoted like a comma: spreadsheets in locales whose separator is `;` would split an unquoted cell
 * there, and the part after it could start a formula (`x;=cmd|' /C calc'!A0`).
 */

const formulaStart = /^[=+\-@\t\r\0]/;
const needsQuotes = /[",;\r\n]|^\s|\s$/;

export function csvCell(value: string | null): string {
  if (value === null) return "";
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, ending in CRLF as RFC 4180 says. */
export function csvRow(cells: ReadonlyArray<string | null>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
