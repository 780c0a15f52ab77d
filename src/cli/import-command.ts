import type { Command } from "commander";
import type { CliContext } from "./context";
import { year } from "./option-parsers";
import { importPlanFile, readPlanFile } from "../plan/import-file";
import { writeReviewWorkbook } from "../plan/review-workbook";
import { loadTemplates } from "../templates";
import { openDecisions } from "../plan/open-decisions";
import { reportByYaml } from "../plan/report-by-phrase";

export function registerImportCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("import")
    .description("import a task-breakdown document (重点工作任务分解) into the database")
    .argument("<file>", "the document: text (UTF-8, UTF-16, GBK), Word .docx, Excel .xlsx or PDF with text")
    .option("--year <year>", "the plan's year (default: from the document number)", year)
    .option("--units <file>", "unit directory (default: DUBAN_UNITS_FILE or seeds/units.yaml); used for its own city's plans only")
    .option("--region <name>", "the government the plan is from, when the document does not name it (滁州市, 湖北省武汉市蔡甸区)")
    .option("--dry-run", "parse and report, write nothing")
    .option("--json", "print the parsed plan as JSON on stdout")
    .option("--review <xlsx>", "write the parsed plan as a workbook to check and correct, write nothing to the database")
    .action(async (file: string, opts: { year?: number; units?: string; region?: string; dryRun?: boolean; json?: boolean; review?: string }) => {
      const c = ctx();
      const unitsFile = opts.units ?? c.config.unitsFile;
      const read = { unitsFile, year: opts.year, region: opts.region };
      const result =
        opts.dryRun || opts.review
          ? { ...(await readPlanFile(file, read)), summary: undefined }
          : await importPlanFile((await c.database({ seed: false })).db, file, read);
      for (const w of result.warnings) c.warn(`${file}${w.where ? ` ${w.where}` : `:${w.line}`}: 警告：${w.message}`);
      const templates = loadTemplates();
      const fromDocument = result.directorySource === "document";
      if (opts.review) {
        await writeReviewWorkbook(opts.review, result.plan, result.warnings, templates, fromDocument ? result.directory : undefined);
        c.out(loadTemplates().t("plan_review.written", { file: opts.review, tasks: result.plan.tasks.length, warnings: result.warnings.length }));
        return;
      }
      if (opts.json) {
        c.out(JSON.stringify(result.plan, null, 2));
        return;
      }
      if (result.region) c.out(templates.t("plan_import.region", { region: [...result.region.parents, result.region.name].join("") }));
      if (fromDocument) {
        // A directory nobody wrote: shown in full, so the bureau sees every unit before chasing it.
        const entries = result.directory.entries;
        c.out(templates.t("plan_import.directory_from_document", { unitsFile, count: entries.length }));
        for (const e of entries) {
          const aliases = e.aliases.length ? templates.t("plan_import.directory_aliases", { aliases: e.aliases.join("、") }) : "";
          c.out(templates.t("plan_import.directory_unit", { name: e.name, kind: templates.t(`plan_import.kind.${e.kind}`), aliases }));
        }
      }
      const p = result.plan;
      c.out(`${p.docNo ?? file}（${p.year}年）：${p.sections.length} 个部分，${p.tasks.length} 项任务，${p.units.length} 个责任单位`);
      const s = result.summary;
      if (!s) c.out("试运行（--dry-run）：未写入数据库");
      else if (s.status === "unchanged") c.out("与已导入的内容相同，未做任何更改");
      else {
        c.out(
          `${s.status === "created" ? "已导入" : "已更新"}：任务 新增 ${s.tasks.created}、更新 ${s.tasks.updated}、删除 ${s.tasks.deleted}、未变 ${s.tasks.unchanged}；` +
            `分工 新增 ${s.assignments.created}、更新 ${s.assignments.updated}、删除 ${s.assignments.deleted}`,
        );
        if (s.unitsCreated.length) c.out(`新建单位 ${s.unitsCreated.length} 个`);
      }
      if (result.reportBy) {
        c.out(loadTemplates().t("report_by_proposal", { phrase: result.reportBy.phrase, rule: reportByYaml(result.reportBy.rule), file: c.config.scheduleFile }));
      }
      if (s) {
        // Tasks the document leaves to the bureau (各有关县 with no county named, …): say so now.
        const open = new Set((await openDecisions((await c.database({ seed: false })).db, s.planId)).map((d) => d.no));
        if (open.size) c.out(`有 ${open.size} 项任务的责任单位待督查局确定，请执行 duban tasks --unassigned 查看`);
      }
    });
}
