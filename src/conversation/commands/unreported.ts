import { backlogByUnit, unitTasks } from "../../reporting/plan-status";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { periodLabel, periodNote, reply, say, type ActingUnit, type Turn } from "../turn";

/** Lines before "另有N项/个": keeps the reply on one phone screen and under 2048 bytes. */
const MAX_LINES = 20;

export const unreported = command({
  name: "unreported",
  access: "member",
  parse: (text) => (/^(未报|未报清单|谁没报|谁未报|还有哪些没报)$/.test(text) ? {} : null),
  async run(turn) {
    if (!turn.plan) return reply(say(turn, "no_plan"));
    // A unit's group (or a member of units) sees that unit's list; the supervision group, or a
    // supervisor outside any unit group, sees the matrix of units.
    const groupUnit = turn.group?.unit;
    if (groupUnit) return unitList(turn, [groupUnit]);
    if (turn.isSupervisor && (turn.group?.supervision || !turn.group)) return matrix(turn);
    return unitList(turn, turn.actingUnits);
  },
});

async function unitList(turn: Turn, units: ActingUnit[]) {
  const plan = turn.plan!;
  const lines: string[] = [];
  for (const unit of units) {
    const due = (await unitTasks(turn.tx, plan, [unit.id], turn.now)).filter((t) => t.status !== "reported");
    const period = periodLabel(turn);
    if (!due.length) {
      lines.push(say(turn, "unreported.unit_none", { unit: unit.name, period }));
      continue;
    }
    lines.push(say(turn, "unreported.unit_header", { unit: unit.name, period, count: due.length, note: periodNote(turn) }));
    for (const t of due.slice(0, MAX_LINES)) {
      lines.push(say(turn, "unreported.unit_line", { no: t.no, title: shortTitle(t.text), overdue: t.status === "overdue" ? say(turn, "unreported.overdue_tag") : "" }));
    }
    if (due.length > MAX_LINES) lines.push(say(turn, "unreported.unit_more", { count: due.length - MAX_LINES }));
    lines.push(say(turn, "unreported.unit_how", { exampleNo: due[0]!.no }));
  }
  return reply(lines.join("\n"));
}

async function matrix(turn: Turn) {
  const backlog = await backlogByUnit(turn.tx, turn.plan!);
  const period = periodLabel(turn);
  if (!backlog.length) return reply(say(turn, "unreported.matrix_none", { period }));
  const lines = [
    say(turn, "unreported.matrix_header", { period, note: periodNote(turn), units: backlog.length, count: backlog.reduce((n, b) => n + b.unreported, 0) }),
    ...backlog.slice(0, MAX_LINES).map((b) => say(turn, "unreported.matrix_line", { unit: b.unitName, count: b.unreported })),
  ];
  if (backlog.length > MAX_LINES) lines.push(say(turn, "unreported.matrix_more", { count: backlog.length - MAX_LINES }));
  return reply(lines.join("\n"));
}
