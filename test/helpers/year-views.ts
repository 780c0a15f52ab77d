// Readers of every view the consistency test compares (test/reporting/year-consistency.test.ts):
// chat replies, the CLI exports, /api/v1 and the dashboard's HTML, each turned into plain
// cells and counts. Each reader is strict about the lines it knows and counts what it found,
// so a changed template that stops it finding anything fails the test instead of passing it.

export const QUARTER_CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** "2020年第二季度" anywhere in a text → 2. */
export function quarterInText(text: string): number | null {
  const m = /2020年第([一二三四])季度/.exec(text);
  return m ? QUARTER_CN[m[1]!]! : null;
}

export interface MyTasksPage {
  quarter: number | null;
  summary: { total: number; reported: number; due: number; closed: number } | null;
  lines: { no: number; status: string }[];
  pages: number;
}

/** 我的任务: "🟢12. 完善…［牵头］已报（待销号）" lines and the "共21项：已报3 · 未报18" summary. */
export function parseMyTasks(text: string): MyTasksPage {
  const lines: { no: number; status: string }[] = [];
  for (const l of text.split("\n")) {
    const m = /^\D{0,3}?(\d+)\. .*［[^］]+］(已报|未报|逾期|已办结)/u.exec(l);
    if (m) lines.push({ no: Number(m[1]), status: m[2]! });
  }
  const s = /共(\d+)项：已报(\d+) · 未报(\d+)(?: · 已办结(\d+))?/.exec(text);
  const p = /第\d+\/(\d+)页/.exec(text);
  return {
    quarter: quarterInText(text.split("\n")[0] ?? ""),
    summary: s ? { total: Number(s[1]), reported: Number(s[2]), due: Number(s[3]), closed: Number(s[4] ?? 0) } : null,
    lines,
    pages: p ? Number(p[1]) : 1,
  };
}

/** 未报 of a unit: "市商务局｜2020年第一季度未报18项" then "5. 深化…（逾期）" lines; or "…已全部汇报 ✅". */
export function parseUnitUnreported(text: string): { quarter: number | null; count: number; nos: number[] } | null {
  const first = text.split("\n")[0] ?? "";
  const none = /｜(2020年第[一二三四]季度)(?:（全年）)?已全部汇报/.exec(first);
  if (none) return { quarter: quarterInText(first), count: 0, nos: [] };
  const m = /｜2020年第[一二三四]季度.*?未报(\d+)项/.exec(first);
  if (!m) return null;
  const nos = text
    .split("\n")
    .slice(1)
    .map((l) => /^(\d+)\. /.exec(l))
    .filter((x): x is RegExpExecArray => !!x)
    .map((x) => Number(x[1]));
  return { quarter: quarterInText(first), count: Number(m[1]), nos };
}

/** 进度 of a unit: "合计：3/21（14%）". */
export function parseProgress(text: string): { quarter: number | null; done: number; total: number } | null {
  const m = /合计：(\d+)\/(\d+)（/.exec(text);
  return m ? { quarter: quarterInText(text.split("\n")[0] ?? ""), done: Number(m[1]), total: Number(m[2]) } : null;
}

export interface CountsRow {
  total: number;
  onTime: number;
  late: number;
  closed: number;
  missing: number;
}

/** 汇总: the header's totals, one row per unit listed, and how many units all on time were left out. */
export function parseSummary(text: string): { quarter: number | null; totals: CountsRow | null; units: Map<string, CountsRow>; allOnTime: number; more: number } {
  const h = /汇总.*?｜应报(\d+)：按时(\d+)\+逾期补报(\d+)\+已办结(\d+)\+(?:逾期)?未报(\d+)/.exec(text);
  const units = new Map<string, CountsRow>();
  for (const l of text.split("\n")) {
    const m = /^([^｜]+)｜(\d+)｜(\d+)｜(\d+)｜(\d+)｜(\d+)$/.exec(l);
    if (m) units.set(m[1]!, { total: Number(m[2]), onTime: Number(m[3]), late: Number(m[4]), closed: Number(m[5]), missing: Number(m[6]) });
  }
  const all = /另有(\d+)个单位已全部按时报送/.exec(text);
  const more = /……另有(\d+)个单位/.exec(text);
  return {
    quarter: quarterInText(text.split("\n")[0] ?? ""),
    totals: h ? { total: Number(h[1]), onTime: Number(h[2]), late: Number(h[3]), closed: Number(h[4]), missing: Number(h[5]) } : null,
    units,
    allOnTime: all ? Number(all[1]) : 0,
    more: more ? Number(more[1]) : 0,
  };
}

/** 通报: "共应报送1531项次…其中按时报送2项次、逾期补报1项次、已办结（销号）0项次、逾期未报送1528项次". */
export function parseTongbao(text: string): { quarter: number | null; totals: CountsRow } | null {
  const m = /共应报送(\d+)项次.*?按时报送(\d+)项次、逾期补报(\d+)项次、已办结（销号）(\d+)项次、(?:逾期)?未报送(\d+)项次/.exec(text);
  if (!m) return null;
  const t = /关于2020年第([一二三四])季度/.exec(text);
  return {
    quarter: t ? QUARTER_CN[t[1]!]! : null,
    totals: { total: Number(m[1]), onTime: Number(m[2]), late: Number(m[3]), closed: Number(m[4]), missing: Number(m[5]) },
  };
}

/** 对表: "已办结1 · 序时推进40 · 滞后70 · 未完成4". */
export function parseDuibiao(text: string): Record<"closed" | "on_track" | "behind" | "unfinished", number> | null {
  const m = /已办结(\d+) · 序时推进(\d+) · 滞后(\d+) · 未完成(\d+)/.exec(text);
  return m ? { closed: Number(m[1]), on_track: Number(m[2]), behind: Number(m[3]), unfinished: Number(m[4]) } : null;
}

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF; the BOM dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r") continue;
    else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const unescapeHtml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

function tableBody(html: string, id: string): string | null {
  const start = html.indexOf(`<table id="${id}"`) >= 0 ? html.indexOf(`<table id="${id}"`) : html.indexOf(`id="${id}"`);
  if (start < 0) return null;
  const end = html.indexOf("</table>", start);
  return html.slice(start, end);
}

/** The period a dashboard page shows: its crumbs/links carry ?period=2020Q2. */
export function pagePeriod(html: string): number | null {
  const m = /\?period=2020Q([1-4])/.exec(html);
  return m ? Number(m[1]) : null;
}

/** Overview: the #units table (all units on every page of the task list, folded when many), one
 * row per unit with its counts and its light (red/yellow/green/none, the CSS class beside the label). */
export function parseOverviewUnits(html: string): Map<string, CountsRow & { light: string }> {
  const out = new Map<string, CountsRow & { light: string }>();
  const body = tableBody(html, "units");
  if (!body) return out;
  const n = '<td[^>]*>(\\d+)<\\/td>';
  const re = new RegExp(`<tr[^>]*><td[^>]*><span class="light ([^"]*)">[^<]*<\\/span><a href="[^"]*">([^<]+)<\\/a><\\/td><td[^>]*>.*?<\\/td>${n}${n}${n}${n}${n}<\\/tr>`, "g");
  for (const m of body.matchAll(re)) out.set(unescapeHtml(m[2]!), { light: m[1]!, total: Number(m[3]), onTime: Number(m[4]), late: Number(m[5]), closed: Number(m[6]), missing: Number(m[7]) });
  return out;
}

/** A paged list's "第 2/4 页" → 4 (1 when the page has no pager). */
export function pagerPages(html: string): number {
  const m = /<nav class="pager"[^>]*>第 \d+\/(\d+) 页/.exec(html);
  return m ? Number(m[1]) : 1;
}

/** Unit page: the #unit-tasks rows (task number → cell status class) and the cards. */
export function parseUnitPage(html: string): { cells: Map<number, string>; cards: CountsRow | null } {
  const cells = new Map<number, string>();
  const body = tableBody(html, "unit-tasks");
  if (body) for (const m of body.matchAll(/<tr[^>]*><td class="num[^"]*"><a href="[^"]*">(\d+)<\/a><\/td>.*?<span class="tag (\w+)">/g)) cells.set(Number(m[1]), m[2]!);
  const card = (id: string) => {
    const m = new RegExp(`id="${id}">(\\d+)<`).exec(html);
    return m ? Number(m[1]) : null;
  };
  const vals = [card("unit-total"), card("unit-on-time"), card("unit-late"), card("unit-closed"), card("unit-missing")];
  return { cells, cards: vals.every((v) => v !== null) ? { total: vals[0]!, onTime: vals[1]!, late: vals[2]!, closed: vals[3]!, missing: vals[4]! } : null };
}

/** Task page: the #task-units rows (unit name → cell status class). */
export function parseTaskPage(html: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = tableBody(html, "task-units");
  if (body) for (const m of body.matchAll(/<tr[^>]*><td[^>]*><a href="\/dashboard\/units\/[^"]*">([^<]+)<\/a><\/td><td[^>]*>[^<]*<\/td><td[^>]*><span class="tag (\w+)">/g)) out.set(unescapeHtml(m[1]!), m[2]!);
  return out;
}

const VERDICT_WORDS: Record<string, string> = { 已办结: "closed", 序时推进: "on_track", 滞后: "behind", 未完成: "unfinished" };

/** 对表 lines: "12. 完善…｜滞后" → 12 → "behind". */
export function parseDuibiaoLines(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(/^(\d+)\. .*｜(已办结|序时推进|滞后|未完成)$/gm)) out.set(Number(m[1]), VERDICT_WORDS[m[2]!]!);
  return out;
}

/** A 对表 word as the dashboard and the CSV write it → the verdict key. */
export function verdictKey(word: string): string {
  return VERDICT_WORDS[word] ?? word;
}

/** Overview: one page of the #tasks list (30 a page), its 对表 column (the row's last cell). */
export function parseOverviewVerdicts(html: string): Map<number, string> {
  const out = new Map<number, string>();
  const body = tableBody(html, "tasks");
  if (!body) return out;
  for (const m of body.matchAll(/<tr[^>]*><td class="num[^"]*"><a href="\/dashboard\/tasks\/(\d+)[^"]*">\d+<\/a><\/td><td[^>]*><span class="light[^"]*">.*?<\/tr>/g)) {
    const cells = [...m[0].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!);
    out.set(Number(m[1]), verdictKey(cells[cells.length - 1]!));
  }
  return out;
}

/** 未报 for a supervisor: "2020年第一季度未报情况：81个单位共1528项未报" and "建安区政府：110项（一季度逾期3项）" lines. */
export function parseUnreportedMatrix(text: string): { quarter: number | null; units: number; count: number; lines: Map<string, { count: number; previous: number }> } | null {
  const h = /未报情况.*?：(\d+)个单位共(\d+)项未报/.exec(text);
  if (!h) return /所有单位均已汇报/.test(text) ? { quarter: quarterInText(text), units: 0, count: 0, lines: new Map() } : null;
  const lines = new Map<string, { count: number; previous: number }>();
  for (const m of text.matchAll(/^([^：\n]+)：(\d+)项(?:（[一二三四]季度逾期(\d+)项）)?$/gm)) lines.set(m[1]!, { count: Number(m[2]), previous: Number(m[3] ?? 0) });
  return { quarter: quarterInText(text.split("\n")[0] ?? ""), units: Number(h[1]), count: Number(h[2]), lines };
}

/** The lights at the start of 我的任务 lines, counted. */
export function lightTally(text: string): Record<string, number> {
  const out: Record<string, number> = { "🔴": 0, "🟡": 0, "🟢": 0 };
  for (const m of text.matchAll(/^(🔴|🟡|🟢)\d+\. /gmu)) out[m[1]!]!++;
  return out;
}

/** 进度's "状态灯：🔴18 🟢3". */
export function parseLightCounts(text: string): Record<string, number> | null {
  const m = /状态灯：(.*)$/m.exec(text);
  if (!m) return null;
  const out: Record<string, number> = { "🔴": 0, "🟡": 0, "🟢": 0 };
  for (const x of m[1]!.matchAll(/(🔴|🟡|🟢)(\d+)/gu)) out[x[1]!] = Number(x[2]);
  return out;
}
