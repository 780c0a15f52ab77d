// `duban report`: the period's 汇总 / 通报 in md, csv, xlsx, docx or json. Text formats go to
// stdout without --out; the binary ones refuse a terminal (they would only scramble it).
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../errors";
import { loadReminderSettings } from "../reminders/load-reminder-settings";
import { periodReport } from "../reporting/period-report";
import { BINARY_FORMATS, REPORT_FORMATS, renderReport, type ReportFormat } from "../reporting/render/render-report";
import type { CliContext } from "./context";
import { oneOf } from "./option-parsers";

export interface BinaryOut {
  write(data: Buffer): void;
  isTTY: boolean;
}

export function registerReportCommand(program: Command, ctx: () => CliContext, stdout: () => BinaryOut): void {
  program
    .command("report")
    .description("the period's 汇总 and 通报: md (default), csv, xlsx, docx or json")
    .requiredOption("--period <period>", "2020Q1, 2020 (year summary) or current")
    .option("--format <format>", REPORT_FORMATS.join("|"), oneOf(REPORT_FORMATS), "md")
    .option("--unit <name>", "one unit only (short names such as 商务局 work)")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (o: { period: string; format: ReportFormat; unit?: string; out?: string }) => {
      const c = ctx();
      const out = stdout();
      if (!o.out && BINARY_FORMATS.has(o.format) && out.isTTY) {
        throw new InputError(`${o.format} 是二进制文件，不能输出到终端：请加 --out 文件名.${o.format}，或重定向到文件`);
      }
      const { db } = await c.database();
      const now = c.config.now ?? new Date();
      const model = await periodReport(db, { period: o.period, unit: o.unit, now, schedule: loadReminderSettings(c.config).schedule });
      const data = await renderReport(model, o.format);
      if (o.out) {
        writeFileSync(o.out, data);
        c.warn(`已写入 ${o.out}（${data.length} 字节）`);
      } else out.write(data);
    });
}
