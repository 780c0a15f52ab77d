// Files that cannot be read are refused with a message that says why and what to do.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/plan/detect-format";
import { DocumentParseError } from "../../src/plan/parse-document";
import { readBlocks } from "../../src/plan/read-blocks";
import { scannedPdf, seedAsDocxTable, seedAsXlsx, seedText } from "../helpers/plan-documents";

const refusal = async (bytes: Uint8Array, name = "plan.bin") => {
  const e = await readBlocks(bytes, name).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(DocumentParseError);
  return (e as DocumentParseError).message;
};

describe("the format, by content", () => {
  it("tells Word, Excel, PDF and text apart whatever the file is called", async () => {
    expect((await detectFormat(await seedAsDocxTable(), "plan.txt")).kind).toBe("docx");
    expect((await detectFormat(await seedAsXlsx(), "plan.docx")).kind).toBe("xlsx");
    expect((await detectFormat(scannedPdf(), "plan.xlsx")).kind).toBe("pdf");
    expect((await detectFormat(Buffer.from(seedText), "plan.pdf")).kind).toBe("text");
  });

  it("refuses a corrupted zip clearly", async () => {
    const docx = await seedAsDocxTable();
    const damaged = Buffer.from(docx);
    for (let i = 200; i < 600; i++) damaged[i] = 0x55; // inside the first compressed part
    expect(await refusal(damaged, "plan.docx")).toMatch(/^plan\.docx: 文件是压缩包\(Word\/Excel 的格式\), 但已损坏, 无法打开/);
    expect(await refusal(docx.subarray(0, docx.length / 2), "cut.docx")).toMatch(/^cut\.docx: 文件是压缩包\(Word\/Excel 的格式\), 但已损坏/);
  });

  it("refuses a scanned PDF: no text layer, no OCR", async () => {
    expect(await refusal(scannedPdf(), "scan.pdf")).toBe(
      "scan.pdf: PDF 中没有文字(可能是扫描件或图片), 无法导入; 不支持文字识别(OCR), 请提供 Word、Excel 原件或可复制文字的 PDF",
    );
  });

  it("refuses a damaged PDF, old .doc/.xls, images and zips that are neither Word nor Excel", async () => {
    expect(await refusal(Buffer.from("%PDF-1.4\n1 0 obj garbage"), "bad.pdf")).toMatch(/^bad\.pdf: PDF 文件已损坏/);
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "old.doc")).toMatch(/旧版 Word\(\.doc\) 或 Excel\(\.xls\).*另存为 \.docx 或 \.xlsx/);
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), "scan.png")).toMatch(/图片文件.*不支持 OCR/);
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip().file("readme.txt", "x");
    expect(await refusal(await zip.generateAsync({ type: "nodebuffer" }), "x.zip")).toMatch(/不是 Word\(\.docx\) 或 Excel\(\.xlsx\) 文件/);
  });

  it("never decodes text wrongly: Big5 and binary files are refused", async () => {
    expect(await refusal(iconv.encode(seedText, "big5"), "big5.txt")).toMatch(/无法识别文件编码.*请另存为 UTF-8/);
    expect(await refusal(Buffer.from([1, 2, 0, 3, 0, 0, 7, 9, 200, 0, 13]), "blob.txt")).toMatch(/不是文本文件/);
  });
});
