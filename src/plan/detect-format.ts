// Which reader a file needs, from its first bytes and (for a zip) the parts inside it, not from
// its name: a .doc saved as .docx or an Excel file named .txt is still read for what it is.
import JSZip from "jszip";
import { DocumentParseError } from "./parse-document";

export type DocumentFormat = { kind: "text" } | { kind: "pdf" } | { kind: "docx"; zip: JSZip } | { kind: "xlsx" };

const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export async function detectFormat(bytes: Uint8Array, source: string): Promise<DocumentFormat> {
  const refuse = (problem: string): never => {
    throw new DocumentParseError(source, 0, "", problem);
  };
  if (bytes.length === 0) refuse("文档为空");
  // "%PDF-" may follow a little junk; readers accept it within the first kilobyte.
  if (Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-")) return { kind: "pdf" };
  // A zip's local file header, or the end record of an empty zip.
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    } catch (e) {
      return refuse(`文件是压缩包(Word/Excel 的格式), 但已损坏, 无法打开(${(e as Error).message})`);
    }
    if (zip.file("word/document.xml")) return { kind: "docx", zip };
    if (zip.file("xl/workbook.xml")) return { kind: "xlsx" };
    return refuse("文件是压缩包, 但不是 Word(.docx) 或 Excel(.xlsx) 文件");
  }
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    refuse("这是旧版 Word(.doc) 或 Excel(.xls) 文件, 无法直接读取; 请在 Word/Excel 中另存为 .docx 或 .xlsx 后再导入");
  if (starts(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) refuse("这是 RTF 文件; 请在 Word 中另存为 .docx 后再导入");
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47]) || starts(bytes, [0xff, 0xd8, 0xff]) || starts(bytes, [0x49, 0x49, 0x2a, 0x00]) || starts(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    refuse("这是图片文件, 无法识别其中的文字(不支持 OCR); 请提供 Word、Excel 原件或文字版 PDF");
  return { kind: "text" };
}
