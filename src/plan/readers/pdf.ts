// A PDF with a text layer as lines. PDF has no lines, only positioned runs of text: runs on
// one baseline make a line, and a line that reaches the right margin runs on into the next
// one (a paragraph wrapped by the page width), unless the next one is indented or starts a
// new item — so a 责任单位 list wrapped in the middle of a unit's name is whole again.
// A PDF without text (a scan) is refused: there is no OCR here.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DocumentParseError } from "../parse-document";
import type { Block } from "./blocks";

interface Run {
  text: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

interface PdfLine {
  text: string;
  where: string;
  x: number;
  end: number;
  size: number;
  left: number;
  right: number;
}

/** A new item begins here: never the wrapped tail of the line before. */
const STARTS_ITEM = /^(?:\d+\s*[.、．]|[(（]\d+[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|(?:责任单位|牵头单位|配合单位|完成时限|完成时间)\s*[:：])/;
/** "— 3 —": page numbers stand between a paragraph's two halves on two pages. */
const PAGE_NUMBER = /^[-—–]+\s*\d+\s*[-—–]+$/;

export async function readPdf(bytes: Uint8Array, source: string): Promise<Block[]> {
  const refuse = (problem: string): never => {
    throw new DocumentParseError(source, 0, "", problem);
  };
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const base = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes), // pdfjs takes ownership of (detaches) the buffer it is given
      cMapUrl: join(base, "cmaps") + "/",
      cMapPacked: true,
      standardFontDataUrl: join(base, "standard_fonts") + "/",
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (e) {
    const name = (e as Error).name;
    if (name === "PasswordException") return refuse("PDF 文件有密码保护, 无法读取");
    return refuse(`PDF 文件已损坏, 无法读取(${(e as Error).message})`);
  }

  const lines: PdfLine[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const runs: Run[] = [];
    for (const item of content.items) {
      // A space is kept as a run of its own ("互联网 ”"); only empty markers are dropped.
      if (!("str" in item) || item.str === "") continue;
      const [, , c, d, x, y] = item.transform as number[];
      const size = Math.hypot(c!, d!) || item.height || 10;
      runs.push({ text: item.str, x: x!, y: y!, end: x! + item.width, size });
    }
    lines.push(...pageLines(runs, p));
    page.cleanup();
  }
  await doc.destroy();

  const all = lines.map((l) => l.text).join("");
  if (all.replace(/\s/g, "") === "") refuse("PDF 中没有文字(可能是扫描件或图片), 无法导入; 不支持文字识别(OCR), 请提供 Word、Excel 原件或可复制文字的 PDF");
  const garbled = [...all].filter((ch) => /[\ue000-\uf8ff\ufffd]/.test(ch)).length;
  if (garbled > all.length / 10) refuse("PDF 中的文字无法正确提取(字体缺少字符映射), 请提供 Word、Excel 原件");
  return joinWrapped(lines);
}

function pageLines(runs: Run[], page: number): PdfLine[] {
  runs.sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Run[][] = [];
  for (const run of runs) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.y - run.y) < run.size * 0.5) row.push(run);
    else rows.push([run]);
  }
  const built = rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let text = "";
    let end = row[0]!.x;
    for (const run of row) {
      if (text && run.x - end > run.size * 0.3) text += " ";
      text += run.text;
      end = Math.max(end, run.end);
    }
    return { text: text.trim(), x: row.find((r) => r.text.trim())?.x ?? row[0]!.x, end, size: Math.max(...row.map((r) => r.size)) };
  });
  const body = built.filter((l) => !PAGE_NUMBER.test(l.text));
  const left = Math.min(...body.map((l) => l.x));
  const right = Math.max(...body.map((l) => l.end));
  return built.map((l, i) => ({ ...l, where: `第${page}页第${i + 1}行`, left, right }));
}

function joinWrapped(lines: PdfLine[]): Block[] {
  const blocks: Block[] = [];
  let open: { block: { kind: "line"; text: string; where: string }; full: boolean } | null = null;
  for (const line of lines) {
    if (PAGE_NUMBER.test(line.text)) {
      blocks.push({ kind: "line", text: line.text, where: line.where });
      continue;
    }
    const indented = line.x - line.left > line.size * 0.5;
    if (open && open.full && !indented && !STARTS_ITEM.test(line.text)) {
      open.block.text = joinText(open.block.text, line.text);
    } else {
      open = { block: { kind: "line", text: line.text, where: line.where }, full: false };
      blocks.push(open.block);
    }
    open.full = line.right - line.end < line.size * 1.5;
  }
  return blocks;
}

/** A wrap between two Latin words dropped their space; a number or Chinese text wraps anywhere. */
function joinText(a: string, b: string): string {
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}
