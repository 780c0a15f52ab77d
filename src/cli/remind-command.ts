import type { Command } from "commander";
import { createDeliveryWorker } from "../delivery/delivery-worker";
import { outboxBacklog } from "../delivery/outbox-backlog";
import { createDestinationResolver } from "../platforms/push-channels";
import { loadReminderSettings } from "../reminders/load-reminder-settings";
import { runTick } from "../reminders/run-tick";
import { deliveryOptions } from "../reminders/schedule-config";
import { shanghaiDateTime } from "../reporting/periods";
import { loadTemplates } from "../templates";
import type { CliContext } from "./context";
import { IncompleteRun } from "./exit-code";
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
      if (r.dated) c.out(`时间节点、完成时限提醒和专项督查：${r.dated} 条`);
      if (r.unboundUnits.length) c.out(`未绑定群、无法提醒的单位 ${r.unboundUnits.length} 个：${r.unboundUnits.slice(0, 10).join("、")}${r.unboundUnits.length > 10 ? "等" : ""}`);
      if (o.dryRun) {
        c.out(`试运行：将发送 ${r.drafts.length} 条（未发送）`);
        for (const d of r.drafts) c.out(`\n— ${d.key} → ${d.destination}（${d.subject ?? ""}）${d.message.mentions?.length ? ` @${d.message.mentions.join(" @")}` : ""}\n${d.message.text}`);
        return;
      }
      c.out(`已加入发送队列 ${r.enqueued} 条`);
      const worker = createDeliveryWorker({ db, log: c.log, resolve: createDestinationResolver(db, c.config), ...deliveryOptions(settings.schedule) });
      // Retries further off than this are left to the server's worker (the outbox keeps them).
      const sent = await worker.drainUntilIdle(20_000);
      await worker.stop();
      // Counted in messages, from the outbox itself: what this run delivered, what it left.
      c.out(`发送成功 ${sent.sent} 条，失败 ${sent.failed} 条${sent.reclaimed ? `，补发 ${sent.reclaimed} 条（可能重复）` : ""}`);
      const left = await outboxBacklog(db);
      for (const f of left.inFlight) {
        const until = f.holderExpiresAt ? `，其心跳至 ${shanghaiDateTime(f.holderExpiresAt)} 有效，过期后由其他进程补发` : "";
        c.out(`仍在发送中 ${f.count} 条：由 ${f.holder} 持有${until}`);
      }
      if (left.waiting.count) {
        const next = left.waiting.nextAttemptAt ? `，下次尝试 ${shanghaiDateTime(left.waiting.nextAttemptAt)}` : "";
        c.out(`待重试 ${left.waiting.count} 条${next}（服务器运行时会继续发送；duban outbox --status failed 查看原因）`);
      }
      if (sent.failed) c.out("有消息发送失败：duban outbox --status failed 查看原因，修复后 duban outbox resend --status failed 重发");
      if (sent.failed || left.inFlight.length || left.waiting.count) throw new IncompleteRun(1);
    });
}
