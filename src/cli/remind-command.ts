import type { Command } from "commander";
import { createDeliveryWorker } from "../delivery/delivery-worker";
import { createDestinationResolver } from "../platforms/push-channels";
import { loadReminderSettings } from "../reminders/load-reminder-settings";
import { runTick } from "../reminders/run-tick";
import { shanghaiDateTime } from "../reporting/periods";
import { loadTemplates } from "../templates";
import type { CliContext } from "./context";
import { instant } from "./option-parsers";

export function registerRemindCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("remind")
    .description("run one reminder tick as if it were --now: enqueue what is due and deliver it before exiting")
    .option("--now <instant>", "ISO instant, e.g. 2020-03-24T09:00:00+08:00 (default: DUBAN_NOW or now)", instant)
    .option("--dry-run", "print what would be sent, send nothing")
    .action(async (o: { now?: Date; dryRun?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      const now = o.now ?? c.config.now ?? new Date();
      const settings = loadReminderSettings(c.config);
      const r = await runTick({ db, templates: loadTemplates(), ...settings }, now, { dryRun: o.dryRun });
      for (const y of r.uncoveredYears) c.warn(`警告：节假日数据缺少 ${y} 年，提醒按周末休息计算；请补充 ${c.config.holidaysFile}`);
      const stage = r.stage ? `${r.stage.period.key} ${r.stage.name}（${r.stage.date}）` : "无";
      c.out(`${shanghaiDateTime(now)}（北京时间）：当前提醒阶段 ${stage}${r.alreadyRun ? "，已执行过" : ""}`);
      if (r.unboundUnits.length) c.out(`未绑定群、无法提醒的单位 ${r.unboundUnits.length} 个：${r.unboundUnits.slice(0, 10).join("、")}${r.unboundUnits.length > 10 ? "等" : ""}`);
      if (o.dryRun) {
        c.out(`试运行：将发送 ${r.drafts.length} 条（未发送）`);
        for (const d of r.drafts) c.out(`\n— ${d.key} → ${d.destination}（${d.subject ?? ""}）${d.message.mentions?.length ? ` @${d.message.mentions.join(" @")}` : ""}\n${d.message.text}`);
        return;
      }
      c.out(`已加入发送队列 ${r.enqueued} 条`);
      const worker = createDeliveryWorker({ db, log: c.log, resolve: createDestinationResolver(db, c.config), ratePerWindow: settings.schedule.ratePerMinute });
      // Retries further off than this are left to the server's worker (the outbox keeps them).
      const sent = await worker.drainUntilIdle(20_000);
      await worker.stop();
      c.out(`发送成功 ${sent.sent} 条，失败 ${sent.failed} 条，待重试 ${sent.retried} 条${sent.reclaimed ? `，补发 ${sent.reclaimed} 条（可能重复）` : ""}`);
    });
}
