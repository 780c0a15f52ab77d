// A .docx (Word 2007+) as blocks: body paragraphs become lines, with their automatic list
// numbers written out (docx-numbering.ts); tables become rows whose cells keep their line
// breaks (one per paragraph or w:br). Read from word/document.xml directly rather than through
// an HTML conversion, which turns list numbers into <ol> and drops them.
//
// Left out on purpose: deleted revisions (w:del), hidden text (w:vanish), field codes, and
// drawings/text boxes (mc:AlternateContent holds each twice, as Choice and Fallback).
import type JSZip from "jszip";
import { DocumentParseError } from "../parse-document";
import type { Block, Cell } from "./blocks";
import { WordNumbering } from "./docx-numbering";
import { attrOf, child, childrenNamed, childrenOf, find, parseXml, tagOf, valOf, type XmlNode } from "./ooxml";

const SKIPPED = new Set(["w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object", "mc:AlternateContent", "w:instrText", "w:delText", "w:rPr", "w:pPr", "w:fldChar"]);

export async function readDocx(zip: JSZip, source: string): Promise<Block[]> {
  const part = async (name: string): Promise<XmlNode[] | null> => {
    const file = zip.file(name);
    if (!file) return null;
    try {
      return parseXml(await file.async("string"));
    } catch (e) {
      throw new DocumentParseError(source, 0, "", `Word 文件已损坏(${name} 无法读取: ${(e as Error).message})`);
    }
  };
  const document = await part("word/document.xml");
  const body = document && find(document, "w:body");
  if (!body) throw new DocumentParseError(source, 0, "", "Word 文件已损坏(没有正文 word/document.xml)");
  const numbering = new WordNumbering(await part("word/numbering.xml"), await part("word/styles.xml"));

  const blocks: Block[] = [];
  let paragraphNo = 0;
  let tableNo = 0;
  const walk = (nodes: XmlNode[]) => {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === "w:p") {
        paragraphNo++;
        const where = `第${paragraphNo}段`;
        for (const text of paragraphText(node, numbering).split("\n")) blocks.push({ kind: "line", text, where });
      } else if (tag === "w:tbl") {
        tableNo++;
        blocks.push(...tableRows(node, `第${tableNo}个表格`, numbering));
      } else if (tag === "w:sdt" || tag === "w:sdtContent" || tag === "w:customXml") {
        walk(childrenOf(node));
      }
    }
  };
  walk(childrenOf(body));
  return blocks;
}

function paragraphText(p: XmlNode, numbering: WordNumbering): string {
  let text = numbering.label(child(p, "w:pPr"));
  const visit = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (SKIPPED.has(tag)) continue;
      if (tag === "w:r" && isHidden(n)) continue;
      if (tag === "w:t") text += childrenOf(n).map((c) => String(c["#text"] ?? "")).join("");
      else if (tag === "w:tab") text += " ";
      else if (tag === "w:br" || tag === "w:cr") text += attrOf(n, "w:type") === "page" ? "" : "\n";
      else if (tag === "w:noBreakHyphen") text += "-";
      else visit(childrenOf(n));
    }
  };
  visit(childrenOf(p));
  return text;
}

function isHidden(run: XmlNode): boolean {
  const rPr = child(run, "w:rPr");
  const vanish = rPr && child(rPr, "w:vanish");
  if (!vanish) return false;
  const v = attrOf(vanish, "w:val");
  return v !== "0" && v !== "false";
}

/** Rows with one cell per grid column: a cell spanning columns repeats, a vertical merge copies the cell above. */
function tableRows(tbl: XmlNode, table: string, numbering: WordNumbering): Block[] {
  const blocks: Block[] = [];
  let above: string[] = [];
  childrenNamed(tbl, "w:tr").forEach((tr, r) => {
    const texts: string[] = [];
    const gridBefore = Number(valOf(child(tr, "w:trPr"), "w:gridBefore") ?? 0);
    for (let i = 0; i < gridBefore; i++) texts.push("");
    for (const tc of cellsOf(tr)) {
      const tcPr = child(tc, "w:tcPr");
      const span = Math.max(1, Number(valOf(tcPr, "w:gridSpan") ?? 1));
      const vMerge = tcPr && child(tcPr, "w:vMerge");
      const continues = vMerge !== undefined && (attrOf(vMerge, "w:val") ?? "continue") === "continue";
      const text = continues ? (above[texts.length] ?? "") : cellText(tc, numbering);
      for (let i = 0; i < span; i++) texts.push(text);
    }
    above = texts;
    const cells: Cell[] = texts.map((text, c) => ({ text, where: `${table}第${r + 1}行第${c + 1}列` }));
    blocks.push({ kind: "row", table, sheet: false, where: `${table}第${r + 1}行`, cells });
  });
  return blocks;
}

function cellsOf(tr: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (const n of childrenOf(tr)) {
    const tag = tagOf(n);
    if (tag === "w:tc") out.push(n);
    else if (tag === "w:sdt" || tag === "w:customXml") out.push(...cellsOf(child(n, "w:sdtContent") ?? n));
  }
  return out;
}

function cellText(tc: XmlNode, numbering: WordNumbering): string {
  const lines: string[] = [];
  for (const n of childrenOf(tc)) {
    const tag = tagOf(n);
    if (tag === "w:p") lines.push(paragraphText(n, numbering));
    else if (tag === "w:tbl")
      for (const row of tableRows(n, "", numbering)) if (row.kind === "row") lines.push(...row.cells.map((c) => c.text));
  }
  return lines.join("\n").replace(/^\n+|\n+$/g, "");
}
