// One row per figure, printed as a table, as markdown rows for the README, and as JSON.
export interface Row {
  /** The bench group it belongs to (the name `npm run bench -- <group>` selects). */
  group: string;
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is a ratio against it. */
  baseline?: number;
  ratio?: number;
  /** The goal as text ("≥ 0.5", "< 50 ms") and whether this run met it. */
  goal?: string;
  ok?: boolean;
  note: string;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

function cells(r: Row): string[] {
  return [
    r.group,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}×`,
    r.goal ? `${r.goal} ${r.ok ? "✓" : "✗"}` : "",
    r.note,
  ];
}

const HEAD = ["group", "figure", "value", "ratio", "goal", "note"];

export function printTable(rows: Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  // Width of the first five columns; the note runs on.
  const widths = HEAD.map((_, i) => (i === 5 ? 0 : Math.max(...all.map((c) => c[i]!.length))));
  return all.map((c) => c.map((s, i) => (i === 5 ? s : s.padEnd(widths[i]!))).join("  ")).join("\n");
}

export function markdownTable(rows: Row[]): string {
  return [`| ${HEAD.join(" | ")} |`, `|${HEAD.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${cells(r).map((s) => s.replace(/\|/g, "\\|")).join(" | ")} |`)].join("\n");
}
