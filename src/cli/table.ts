/** Plain-text tables for terminal output: columns padded to their widest cell, two spaces apart. */

/** The heading line, then one line per row; trailing blanks trimmed. */
export function alignedTable(headings: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headings), ...rows.map(line)];
}
