// Word's automatic list numbers (word/numbering.xml), written out as the text Word shows: a
// task numbered by a list has no digits in its text. A paragraph's list comes from its own
// w:numPr or from its paragraph style (styles.xml, following w:basedOn). Counters belong to
// the abstract list, so paragraphs of one list continue across headings of another list (the
// seed's tasks run 1..115 across its sections); a w:num with w:startOverride starts afresh.
import nzh from "nzh/cn";
import { attrOf, child, childrenNamed, childrenOf, find, tagOf, valOf, type XmlNode } from "./ooxml";

interface Level {
  start: number;
  format: string;
  text: string;
  /** w:lvlRestart: 0 never restarts; undefined restarts after any higher level. */
  restart: number | undefined;
  suffix: string;
  style: string | undefined;
  legal: boolean;
}

interface NumDef {
  abstractId: string;
  levels: Map<number, Level>;
  restarts: boolean;
}

interface StyleNum {
  numId?: string;
  ilvl?: number;
  basedOn?: string;
}

export class WordNumbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, NumDef>();
  private readonly styles = new Map<string, StyleNum>();
  private readonly counters = new Map<string, (number | undefined)[]>();

  constructor(numberingXml: XmlNode[] | null, stylesXml: XmlNode[] | null) {
    const root = numberingXml && find(numberingXml, "w:numbering");
    if (root) {
      for (const a of childrenNamed(root, "w:abstractNum")) this.abstracts.set(attrOf(a, "w:abstractNumId") ?? "", readLevels(a));
      for (const n of childrenNamed(root, "w:num")) {
        const abstractId = valOf(n, "w:abstractNumId") ?? "";
        const levels = new Map(this.abstracts.get(abstractId) ?? []);
        let restarts = false;
        for (const o of childrenNamed(n, "w:lvlOverride")) {
          const ilvl = Number(attrOf(o, "w:ilvl") ?? 0);
          const lvl = child(o, "w:lvl");
          if (lvl) levels.set(ilvl, readLevel(lvl));
          const start = valOf(o, "w:startOverride");
          if (start !== undefined) {
            levels.set(ilvl, { ...(levels.get(ilvl) ?? defaultLevel()), start: Number(start) });
            restarts = true;
          }
        }
        this.nums.set(attrOf(n, "w:numId") ?? "", { abstractId, levels, restarts });
      }
    }
    const styles = stylesXml && find(stylesXml, "w:styles");
    if (styles)
      for (const s of childrenNamed(styles, "w:style")) {
        const numPr = child(child(s, "w:pPr") ?? {}, "w:numPr");
        const ilvl = numPr && valOf(numPr, "w:ilvl");
        this.styles.set(attrOf(s, "w:styleId") ?? "", {
          numId: numPr && valOf(numPr, "w:numId"),
          ilvl: ilvl === undefined ? undefined : Number(ilvl),
          basedOn: valOf(s, "w:basedOn"),
        });
      }
  }

  /** The list number Word shows before this paragraph ("1.", "一、"), or "" if none. Counts it. */
  label(pPr: XmlNode | undefined): string {
    const ref = this.listOf(pPr);
    if (!ref) return "";
    const num = this.nums.get(ref.numId);
    if (!num) return "";
    const level = num.levels.get(ref.ilvl);
    if (!level) return "";
    const key = num.restarts ? `num:${ref.numId}` : `abstract:${num.abstractId}`;
    const counts = this.counters.get(key) ?? [];
    this.counters.set(key, counts);
    counts[ref.ilvl] = counts[ref.ilvl] === undefined ? level.start : counts[ref.ilvl]! + 1;
    for (let deeper = ref.ilvl + 1; deeper < 9; deeper++) if (num.levels.get(deeper)?.restart !== 0) counts[deeper] = undefined;
    if (level.format === "none" || level.format === "bullet") return "";
    const text = level.text.replace(/%([1-9])/g, (_, k: string) => {
      const i = Number(k) - 1;
      const l = num.levels.get(i) ?? defaultLevel();
      return formatNumber(counts[i] ?? l.start, level.legal ? "decimal" : l.format);
    });
    return text + (level.suffix === "nothing" ? "" : " ");
  }

  private listOf(pPr: XmlNode | undefined): { numId: string; ilvl: number } | null {
    const numPr = pPr && child(pPr, "w:numPr");
    let numId = numPr && valOf(numPr, "w:numId");
    let ilvlText = numPr && valOf(numPr, "w:ilvl");
    let styleId = pPr && valOf(pPr, "w:pStyle");
    const seen = new Set<string>();
    const fromStyle = styleId;
    while ((numId === undefined || ilvlText === undefined) && styleId && !seen.has(styleId)) {
      seen.add(styleId);
      const s = this.styles.get(styleId);
      if (!s) break;
      numId ??= s.numId;
      if (ilvlText === undefined && s.ilvl !== undefined) ilvlText = String(s.ilvl);
      styleId = s.basedOn;
    }
    if (numId === undefined || numId === "0") return null;
    if (ilvlText !== undefined) return { numId, ilvl: Number(ilvlText) };
    // A style linked to a list names its level in the list (w:lvl/w:pStyle), not in the style.
    const levels = this.nums.get(numId)?.levels;
    for (const [ilvl, l] of levels ?? []) if (fromStyle && l.style === fromStyle) return { numId, ilvl };
    return { numId, ilvl: 0 };
  }
}

function readLevels(abstractNum: XmlNode): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const l of childrenNamed(abstractNum, "w:lvl")) levels.set(Number(attrOf(l, "w:ilvl") ?? 0), readLevel(l));
  return levels;
}

function readLevel(l: XmlNode): Level {
  const restart = valOf(l, "w:lvlRestart");
  return {
    start: Number(valOf(l, "w:start") ?? 1),
    format: valOf(l, "w:numFmt") ?? "decimal",
    text: valOf(l, "w:lvlText") ?? "",
    restart: restart === undefined ? undefined : Number(restart),
    suffix: valOf(l, "w:suff") ?? "tab",
    style: valOf(l, "w:pStyle"),
    legal: childrenOf(l).some((c) => tagOf(c) === "w:isLgl" && attrOf(c, "w:val") !== "0" && attrOf(c, "w:val") !== "false"),
  };
}

function defaultLevel(): Level {
  return { start: 1, format: "decimal", text: "", restart: undefined, suffix: "tab", style: undefined, legal: false };
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸";

function formatNumber(n: number, format: string): string {
  switch (format) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
    case "ideographDigital":
      return nzh.encodeS(n);
    case "chineseLegalSimplified":
      return nzh.encodeB(n);
    case "ideographTraditional":
      return HEAVENLY_STEMS[n - 1] ?? String(n);
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return CIRCLED[n - 1] ?? String(n);
    case "decimalZero":
      return String(n).padStart(2, "0");
    case "upperLetter":
    case "lowerLetter": {
      const s = String.fromCharCode(65 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return format === "upperLetter" ? s : s.toLowerCase();
    }
    case "upperRoman":
    case "lowerRoman": {
      const s = roman(n);
      return format === "upperRoman" ? s : s.toLowerCase();
    }
    case "bullet":
    case "none":
      return "";
    default:
      return String(n); // decimal, decimalFullWidth, decimalHalfWidth, …
  }
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}
