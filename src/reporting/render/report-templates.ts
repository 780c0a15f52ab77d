// The text of the bureau's renderings lives in templates/report/ (one file per rendering,
// tongbao.yaml shared by the Word and markdown 通报); this loads them once per process.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { parse } from "yaml";
import { createTemplates, loadTemplates, type Templates } from "../../templates";

export const REPORT_TEMPLATE_DIR = fileURLToPath(new URL("../../../templates/report/", import.meta.url));

export interface ReportTemplates {
  /** templates/zh-CN.yaml: period names, status words. */
  base: Templates;
  tongbao: Templates;
  csv: { headers: string[] };
  xlsx: Templates & { raw: { headers: Record<string, string[]> } };
  /** Lists in tongbao.yaml (table headers). */
  tongbaoRaw: { annex_headers: string[] };
  /** eta for the markdown 通报; not HTML: no escaping. */
  markdown: Eta;
}

let cached: ReportTemplates | undefined;

function yamlFile(name: string): Record<string, unknown> {
  return parse(readFileSync(`${REPORT_TEMPLATE_DIR}${name}`, "utf8")) as Record<string, unknown>;
}

export function reportTemplates(): ReportTemplates {
  if (cached) return cached;
  const tongbao = yamlFile("tongbao.yaml");
  const xlsx = yamlFile("xlsx.yaml");
  cached = {
    base: loadTemplates(),
    tongbao: createTemplates(tongbao as never),
    tongbaoRaw: tongbao as { annex_headers: string[] },
    csv: yamlFile("csv.yaml") as { headers: string[] },
    xlsx: Object.assign(createTemplates(xlsx as never), { raw: xlsx as { headers: Record<string, string[]> } }),
    markdown: new Eta({ views: REPORT_TEMPLATE_DIR, autoEscape: false, autoTrim: false, cache: true }),
  };
  return cached;
}
