import { UnknownUnitError } from "../../errors";
import { backlogByUnit, unitTasksFromModel } from "../../reporting/plan-status";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { shownTurn } from "../shown-turn";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { periodLabel, periodNote, reply, say, unknownUnitText, type ActingUnit, type Turn } from "../turn";

/** Lines a page: keeps the reply on one phone screen and under 2048 bytes. */
const MAX_LINES = 20;

/** "未报", "哪些没报", "还有哪些未报", then a page ("未报 2") or, for supervisors, a unit ("未报 禹州市"). */
const UNREPORTED = new RegExp(
  `^(?:未报|未报清单|未报任务|谁没报|谁未报|谁还没报|(?:还有)?哪些(?:任务|单位)?(?:还)?(?:没报|未报|没有报)|没报的)(?:的)?(?:任务|单位|情况|清单|汇总|名单)?[?？]?\\s*(?:第?\\s*(${NUMBER_SOURCE})\\s*页?|(\\S.{0,29}))?$`,
);

export const unreported = command({
  name: "unreported",
  writes: false,
  access: "member",
  parse: (text) => {
    const m = UNREPORTED.exec(text);
    if (!m) return null;
    // "未报 长葛 2": a unit, then its page.
    const unitPage = m[2] ? new RegExp(`^(.+?)\\s+第?\\s*(${NUMBER_SOURCE})\\s*页?$`).exec(m[2].trim()) : null;
    if (unitPage) return { page: toNumber(unitPage[2]!) ?? 1, unit: unitPage[1]!.trim() };
    return { page: m[1] ? (toNumber(m[1]) ?? 1) : 1, unit: m[2]?.trim() };
  },
  async run(asked, { page, unit }: { page: number; unit?: string }) {
    const turn = shownTurn(asked);
    if (!turn.plan) return reply(say(turn, "no_plan"));
    if (unit) {
      let found;
      try {
        found = turn.model.directory.lookup.require(unit);
      } catch (e) {
        if (!(e instanceof UnknownUnitError)) throw e;
        return reply(unknownUnitText(turn, unit, e.suggestions));
      }
      if (!turn.isSupervisor && !turn.memberUnits.some((u) => u.id === found.id)) {
        return reply(say(turn, "not_supervisor", { action: "查看其他单位的未报任务" }));
      }
      return unitList(turn, [found], page, unit);
    }
    // A unit's group (or a member of units) sees that unit's list; the supervision group, or a
    // supervisor outside any unit group, sees the matrix of units.
    const groupUnit = turn.group?.unit;
    if (groupUnit) return unitList(turn, [groupUnit], page);
    if (turn.isSupervisor && (turn.group?.supervision || !turn.group)) return matrix(turn, page);
    return unitList(turn, turn.actingUnits, page);
  },
});

/** `named`: the unit as the sender named it ("未报 长葛"): the next page is asked for the same way. */
async function unitList(turn: Turn, units: ActingUnit[], page: number, named?: string) {
  const plan = turn.plan!;
  const lines: string[] = [];
  for (const unit of units) {
    const due = (await unitTasksFromModel(turn.model, plan, [unit.id], turn.now)).filter((t) => t.status !== "reported" && t.status !== "closed");
    const period = periodLabel(turn);
    if (!due.length) {
      lines.push(say(turn, "unreported.unit_none", { unit: unit.name, period }));
      continue;
    }
    const pages = Math.ceil(due.length / MAX_LINES);
    if (page > pages) {
      lines.push(say(turn, "unreported_x.no_such_page", { page, pages }));
      continue;
    }
    lines.push(say(turn, "unreported.unit_header", { unit: unit.name, period, count: due.length, note: periodNote(turn) }));
    for (const t of due.slice((page - 1) * MAX_LINES, page * MAX_LINES)) {
      lines.push(say(turn, "unreported.unit_line", { no: t.no, title: shortTitle(t.text), overdue: t.status === "overdue" ? say(turn, "unreported.overdue_tag") : "" }));
    }
    if (page < pages) lines.push(say(turn, "unreported_x.more", { page, pages, next: named ? `${named} ${page + 1}` : page + 1 }));
    // How to report is for the unit's own liaisons, not a supervisor looking at another unit.
    if (turn.memberUnits.some((u) => u.id === unit.id)) lines.push(say(turn, "unreported.unit_how", { exampleNo: due[0]!.no }));
  }
  return reply(lines.join("\n"));
}

async function matrix(turn: Turn, page: number) {
  const backlog = await backlogByUnit(turn.tx, turn.plan!);
  const period = periodLabel(turn);
  if (!backlog.length) return reply(say(turn, "unreported.matrix_none", { period }));
  const pages = Math.ceil(backlog.length / MAX_LINES);
  if (page > pages) return reply(say(turn, "unreported_x.no_such_page", { page, pages }));
  const lines = [
    say(turn, "unreported.matrix_header", { period, note: periodNote(turn), units: backlog.length, count: backlog.reduce((n, b) => n + b.unreported, 0) }),
    ...backlog.slice((page - 1) * MAX_LINES, page * MAX_LINES).map(
      (b) =>
        say(turn, "unreported.matrix_line", { unit: b.unitName, count: b.unreported }) +
        (b.previousMissing ? say(turn, "unreported_x.previous_missing", { quarter: say(turn, `period.quarter_cn.q${turn.plan!.period.quarter - 1}`), count: b.previousMissing }) : ""),
    ),
  ];
  if (page < pages) lines.push(say(turn, "unreported_x.more", { page, pages, next: page + 1 }));
  return reply(lines.join("\n"));
}
