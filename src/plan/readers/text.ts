// Plain text as Windows and Linux save it: UTF-8 (with or without BOM), UTF-16 (Notepad's
// "Unicode", with BOM, or without when its zero bytes say so) and GB18030/GBK (ANSI on Chinese
// Windows). A file none of these reads cleanly is refused: decoding it wrongly would import
// mojibake as task text.
import iconv from "iconv-lite";
import { DocumentParseError } from "../parse-document";
import type { Block } from "./blocks";

export function readText(bytes: Uint8Array, source: string): Block[] {
  return textBlocks(decodeText(bytes, source).split(/\r\n|\r|\n/));
}

/**
 * Lines, and the rows of a table copied out of Word or Excel: cells separated by TABs. A line
 * without a TAB between two such rows ("(一)王宏副市长牵头重点工作", a merged row) is a row
 * of one cell; any other line ends the table, and the next TAB row starts another.
 */
function textBlocks(lines: string[]): Block[] {
  const isRow = (i: number) => lines[i]?.includes("\t") ?? false;
  const nextFilled = (i: number, step: number) => {
    let j = i + step;
    while (j >= 0 && j < lines.length && !lines[j]!.trim()) j += step;
    return j;
  };
  // With a table in the file, laid-out lines no longer match the file's: each line says where.
  const anyRow = lines.some((l) => l.includes("\t"));
  const out: Block[] = [];
  let table = 0;
  let inTable = false;
  lines.forEach((text, i) => {
    const between = !isRow(i) && text.trim() !== "" && inTable && isRow(nextFilled(i, 1));
    if (isRow(i) || between) {
      if (!inTable) table++;
      inTable = true;
      const name = `第${table}个表格`;
      const cells = (between ? [text] : text.split("\t")).map((c, k) => ({ text: c.trim(), where: `第${i + 1}行第${k + 1}列` }));
      out.push({ kind: "row", table: name, sheet: false, where: `第${i + 1}行`, cells });
      return;
    }
    if (text.trim()) inTable = false;
    out.push({ kind: "line", text, where: anyRow ? `第${i + 1}行` : null });
  });
  return out;
}

export function decodeText(bytes: Uint8Array, source: string): string {
  const refuse = (problem: string): never => {
    throw new DocumentParseError(source, 0, "", problem);
  };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3)) ?? refuse("文件以 UTF-8 标记开头, 但内容不是有效的 UTF-8");
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), "utf16-be");
  if (buf.includes(0)) {
    const le = zeroParity(buf);
    if (le !== null) return le ? buf.toString("utf16le") : iconv.decode(buf, "utf16-be");
    return refuse("不是文本文件(含有二进制内容), 也不是可识别的 Word、Excel 或 PDF 文件");
  }
  const asUtf8 = utf8(buf);
  if (asUtf8 !== null) return asUtf8;
  if (!looksLikeGb(buf)) return refuse("无法识别文件编码(不是 UTF-8、UTF-16 或 GBK/GB18030), 请另存为 UTF-8 文本后再导入");
  return iconv.decode(buf, "gb18030");
}

function utf8(buf: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

/**
 * UTF-16 without BOM: the zero high bytes of ASCII characters (digits, "." of "1.", line
 * breaks) fall mostly on one side, and the text decoded that way is plain Chinese and ASCII.
 * true: little-endian; false: big-endian; null: not UTF-16.
 */
function zeroParity(buf: Buffer): boolean | null {
  if (buf.length % 2 !== 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0) i % 2 === 0 ? even++ : odd++;
  if (Math.max(even, odd) < 4 * Math.min(even, odd)) return null;
  const le = odd > even;
  const text = le ? buf.toString("utf16le") : iconv.decode(buf, "utf16-be");
  const plain = text.match(/[\t\n\r\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2000-\u206f]/g)?.length ?? 0;
  return plain >= text.length * 0.9 ? le : null;
}

/**
 * GBK text from a government office is almost all GB2312 characters (lead byte A1–F7, trail
 * A1–FE). A Big5 or Shift-JIS file also decodes as GB18030 without an error, but mostly into
 * the rare GBK extension areas: more than 1 in 10 such pairs and the file is not GBK.
 */
function looksLikeGb(buf: Buffer): boolean {
  let common = 0;
  let rare = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const next = buf[i + 1];
    if (b === 0x80 || b === 0xff || next === undefined) return false;
    if (next >= 0x30 && next <= 0x39) {
      // A four-byte GB18030 sequence: valid, but rare in Chinese prose.
      rare++;
      i += 3;
      continue;
    }
    if (next < 0x40 || next === 0x7f || next === 0xff) return false;
    if (b >= 0xa1 && b <= 0xf7 && next >= 0xa1) common++;
    else rare++;
    i++;
  }
  return common > 0 && rare <= common / 9;
}
