// 督办单 12 [单位] (supervisors, issue 23): a 三色督办单 sent by hand for one task and one unit
// that still owes its report. Its colour is the rung the unit has reached by the calendar (the
// ladder of schedule.yaml, its defaults when the ladder is off; 红 when last quarter's report is
// missing too); it goes to the unit's groups and, personally, to whom that rung names — the
// liaisons (蓝), the 分管领导 (黄), the 主要负责人 (红) — through the outbox, never wider.
// Without a unit: the one unit still owing it, or the question which.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue, type OutboxDraft } from "../../delivery/outbox";
import { unitRecipients } from "../../directory/recipients";
import { dayLabel } from "../../reporting/period-label";
import { shanghaiDate } from "../../reporting/periods";
import { unitTasksFromModel } from "../../reporting/plan-status";
import { shortTitle } from "../../reporting/short-title";
import { ladderRungs, nextWorkingMoment, rungAt, type Rung } from "../../reminders/ladder-rungs";
import { DEFAULT_LADDER } from "../../reminders/schedule-config";
import { command } from "../command";
import { toNumber } from "../task-number";
import { periodLabel, reply, say, namedUnit } from "../turn";

const SHEET = /^(?:发|下发|发送)?(?:三色)?督办单\s*第?(?<no>[\d一二三四五六七八九十百]+)项?\s*(?<unit>\S.*)?$/;

export const supervisionSheet = command({
  name: "supervision-sheet",
  access: "supervisor",
  actionName: "督办单",
  parse: (text) => {
    const m = SHEET.exec(text);
    const no = m ? toNumber(m.groups!.no!) : null;
    return no === null ? null : { no, ...(m!.groups!.unit ? { unit: m!.groups!.unit.trim() } : {}) };
  },
  async run(turn, { no, unit: named }: { no: number; unit?: string }) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const task = turn.model.plan.task(plan.id, no);
    if (!task) return reply(say(turn, "ladder.sheet.no_task", { no }));
    const period = periodLabel(turn);
    const assigned = turn.model.plan.assignmentsFor(task.id).map((a) => a.unitId).filter((id) => turn.model.directory.units.get(id)?.kind !== "group");
    const owing = (await unitTasksFromModel(turn.model, plan, assigned, turn.now, task.id)).filter((p) => p.status !== "reported" && p.status !== "closed" && !p.closure);
    let pair;
    if (named) {
      const unitNamed = namedUnit(turn, named);
      if ("answer" in unitNamed) return unitNamed.answer;
      const unit = unitNamed.unit;
      if (!assigned.includes(unit.id)) return reply(say(turn, "ladder.sheet.not_on_list", { no, unit: unit.name }));
      pair = owing.find((p) => p.unitId === unit.id);
      if (!pair) return reply(say(turn, "ladder.sheet.none_due", { no, unit: unit.name, period }));
    } else {
      if (owing.length !== 1) {
        if (!owing.length) return reply(say(turn, "ladder.sheet.none_due", { no, unit: "", period }));
        return reply(say(turn, "ladder.sheet.which_unit", { no, count: owing.length, units: owing.slice(0, 10).map((p) => p.unitName).join("、") }));
      }
      pair = owing[0]!;
    }

    const ladder = turn.reminders.schedule.ladder ?? DEFAULT_LADDER;
    const reached = rungAt(ladderRungs(plan.period.deadline, "report", ladder, turn.reminders.schedule, turn.reminders.calendar), turn.now)?.rung;
    const rung: Rung = pair.previousMissing ? "red" : (reached ?? "blue");
    const today = shanghaiDate(turn.now);
    const rungName = say(turn, `ladder.rung.${rung}`);
    const text = [
      say(turn, "ladder.sheet.header", { rung: rungName, unit: pair.unitName, no, title: shortTitle(task.text), period, deadline: dayLabel(turn.templates.t, plan.period.deadline) }),
      say(turn, "ladder.sheet.body", { no, date: dayLabel(turn.templates.t, today) }),
    ].join("\n");
    const groups = await turn.tx.chatGroup.findMany({ where: { unitId: pair.unitId }, orderBy: { id: "asc" } });
    const people = await unitRecipients(turn.tx, pair.unitId, rung === "blue" ? "liaisons" : rung === "yellow" ? "in_charge" : "head", today);
    if (!groups.length && !people.length) return reply(say(turn, "ladder.sheet.nobody", { unit: pair.unitName }));
    const stamp = turn.now.getTime();
    // Never at night or on a holiday: said then, it waits for the next working morning (on the
    // business clock, carried over to the wall clock the outbox runs on).
    const sendAt = nextWorkingMoment(turn.now, ladder.workingHours, turn.reminders.calendar);
    const notBefore = sendAt > turn.now ? { notBefore: new Date(Date.now() + (sendAt.getTime() - turn.now.getTime())) } : {};
    // "ladder:<rung>:…": counted with the ladder's own messages in /metrics.
    const drafts: OutboxDraft[] = [
      ...groups.map((g) => ({ key: `ladder:${rung}:sheet:${task.id}:${pair.unitId}:${stamp}:group:${g.id}`, platform: g.platform, destination: `group:${g.id}`, subject: pair.unitName, message: { text, format: "text" as const }, ...notBefore })),
      ...people.map((p) => ({
        key: `ladder:${rung}:sheet:${task.id}:${pair.unitId}:${stamp}:${p.platform}-user:${p.userId}`,
        platform: p.platform,
        destination: `${p.platform}-user:${p.userId}`,
        subject: pair.unitName,
        message: { text, format: "text" as const },
        ...notBefore,
      })),
    ];
    await enqueue(turn.tx, drafts);
    await recordAudit(turn.tx, {
      action: "unit.urged",
      actor: messageActor(turn.message),
      at: turn.now,
      taskId: task.id,
      taskNo: no,
      unitId: pair.unitId,
      unitName: pair.unitName,
      period: plan.period.key,
      detail: { sheet: rung, groups: groups.map((g) => g.id), people: people.map((p) => `${p.platform}:${p.userId}`) },
    });
    const targets = [groups.length ? say(turn, "ladder.sheet.targets_group", { count: groups.length }) : "", people.length ? say(turn, "ladder.sheet.targets_people", { count: people.length }) : ""].filter(Boolean).join("、");
    return reply(say(turn, "ladder.sheet.sent", { rung: rungName, no, unit: pair.unitName, targets }));
  },
});
