// Supervisors decide who answers for a task, in chat: 「指派 40 禹州市 配合」, 「取消指派 40
// 禹州市」, and 「待指派」 lists the tasks whose units the document leaves open.
import { assignUnit, unassignUnit, type AssignRole } from "../../directory/assignments";
import { InputError, UnknownUnitError } from "../../errors";
import { openDecisions } from "../../plan/open-decisions";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { reply, say, unknownUnitText, type Turn } from "../turn";

const ROLE_WORDS: Record<string, AssignRole> = { 牵头: "lead", 配合: "cooperating", 县区: "county" };
/** Lines of 待指派 shown in chat; the CLI lists them all. */
const SHOWN = 15;

interface AssignArgs {
  remove: boolean;
  no: number | null;
  unit: string;
  role?: AssignRole;
}

export const assign = command({
  name: "assign",
  access: "supervisor",
  actionName: "指派责任单位",
  parse: (text): AssignArgs | null => {
    const m = /^(取消指派|撤销指派|指派|分配)\s*(.*)$/s.exec(text);
    if (!m) return null;
    const remove = m[1]!.length > 2;
    const rest = /^第?\s*(\d{1,4})\s*[项号]?\s*(.*)$/s.exec(m[2]!.trim());
    if (!rest) return { remove, no: null, unit: "" };
    const role = /\s*(牵头|配合|县区)(?:单位)?$/.exec(rest[2]!);
    const unit = (role ? rest[2]!.slice(0, role.index) : rest[2]!).trim();
    return { remove, no: Number(rest[1]), unit, role: role ? ROLE_WORDS[role[1]!] : undefined };
  },
  async run(turn, { remove, no, unit, role }: AssignArgs) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    if (no === null || !unit) return reply(say(turn, "assign.usage"));
    const t = (key: string, vars: Record<string, string | number>) => say(turn, key, vars);
    try {
      if (remove) {
        const r = await unassignUnit(turn.tx, { planId: plan.id, taskNo: no, unit });
        const kept = r.reportsKept ? t("assign.reports_kept", { count: r.reportsKept }) : "";
        return reply(t("assign.removed", { no: r.taskNo, unit: r.unit, role: say(turn, `role.${r.role}`), kept }));
      }
      const r = await assignUnit(turn.tx, { planId: plan.id, taskNo: no, unit, role, at: turn.now });
      return reply(t(`assign.${r.outcome}`, { no: r.taskNo, unit: r.unit, role: say(turn, `role.${r.role}`) }));
    } catch (e) {
      if (e instanceof UnknownUnitError) return reply(unknownUnitText(turn, unit, e.suggestions));
      if (e instanceof InputError) return reply(e.message);
      throw e;
    }
  },
});

export const openDecisionList = command({
  writes: false,
  name: "openDecisions",
  access: "supervisor",
  actionName: "查看待指派任务",
  parse: (text) => (/^(待指派|待定任务|未指派)$/.test(text) ? {} : null),
  async run(turn: Turn) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const open = await openDecisions(turn.tx, plan.id);
    if (!open.length) return reply(say(turn, "open_decisions.none", { year: plan.year }));
    const lines = [say(turn, "open_decisions.header", { year: plan.year, count: new Set(open.map((d) => d.no)).size })];
    for (const d of open.slice(0, SHOWN)) lines.push(say(turn, `open_decisions.${d.reason}`, { no: d.no, title: shortTitle(d.text), units: d.units.join("、") }));
    if (open.length > SHOWN) lines.push(say(turn, "open_decisions.more", { count: open.length - SHOWN }));
    lines.push(say(turn, "open_decisions.chat_how", { no: open[0]!.no }));
    return reply(lines.join("\n"));
  },
});
