// Any supported file → blocks, by the format its content shows (detect-format.ts).
import { detectFormat } from "./detect-format";
import type { Block } from "./readers/blocks";
import { readDocx } from "./readers/docx";
import { readPdf } from "./readers/pdf";
import { readText } from "./readers/text";

export async function readBlocks(bytes: Uint8Array, source: string): Promise<Block[]> {
  const format = await detectFormat(bytes, source);
  switch (format.kind) {
    case "pdf":
      return readPdf(bytes, source);
    case "docx":
      return readDocx(format.zip, source);
    case "xlsx":
      // exceljs is loaded only for a workbook: the server imports its seed as text at start.
      return (await import("./readers/xlsx")).readXlsx(bytes, source);
    case "text":
      return readText(bytes, source);
  }
}
