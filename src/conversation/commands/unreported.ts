import { UnknownUnitError } from "../../errors";
import { backlogByUnit, unitTasksFromModel } from "../../reporting/plan-status";
import { shortTitle } from "../../reporting/short-title";
import { periodLabel as labelOf } from "../../reporting/period-label";
import type { PeriodAsk } from "../../reporting/report-period";
import type { Period } from "../../reporting/periods";
import { command } from "../command";
import { PERIOD_SOURCE, periodOfAsk, standalonePeriodAsk } from "../period-phrase";
import { shownTurn } from "../shown-turn";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { periodLabel, periodNote, reply, say, unknownUnitText, type ActingUnit, type Turn } from "../turn";

/** Lines a page: keeps the reply on one phone screen and under 2048 bytes. */
const MAX_LINES = 20;

/** "未报", "哪些没报", "还有哪些未报", then a page ("未报 2") or, for supervisors, a unit ("未报 禹州市"). */
const UNREPORTED = new RegExp(
  `^(?:未报|未报清单|未报任务|谁没报|谁未报|谁还没报|(?:还有)?哪些(?:任务|单位)?(?:还)?(?:没报|未报|没有报)|没报的)(?:的)?(?:任务|单位|情况|清单|汇总|名单)?[?？]?\\s*(?:第?\\s*(${NUMBER_SOURCE})\\s*页?|(\\S.{0,29}))?$`,
);
/**
 * A question about what is left, with its subject first: "鄢陵县还有几项没报", "我们还有哪几项没报",
 * "上季度还有哪些没报", "鄢陵县二季度有几项未报？". The subject is a unit, a period, both, or "我们".
 */
const LEFT_QUESTION = /^(?<who>|[^\d\s].{0,24}?)\s*(?:还有|还|有)?(?:几项|哪几项|哪些项?|多少项?|啥)(?:任务|工作)?(?:还)?(?:没有?报|未报|没有?汇报|没交)(?:的)?(?:任务)?[了吗呢啊呀?？!！\s]*$/;
/** "上季度报了吗", "我们二季度都报了吗", "本季度报齐了没有": whether a period is fully reported. */
const DONE_QUESTION = /^(?<who>|[^\d\s].{0,24}?)\s*(?:的)?(?:任务|工作)?(?:都|全|全部)?(?:报了|报完了|报齐了|汇报了|报送了|都报了)(?:吗|没有?|没)?[?？!！\s]*$/;
/** What a person says for their own unit: the sender's units, as "未报" alone. */
const OWN = /^(?:我们|我|咱们|咱|本单位|我单位|我们单位)?(?:单位)?$/;
const PERIOD_AT_END = new RegExp(`^(.*?)\\s*(${PERIOD_SOURCE})$`);
const PERIOD_AT_START = new RegExp(`^(${PERIOD_SOURCE})\\s*(.+)$`);
/** "长葛 2", "二季度 第2页": something, then a page. */
const WITH_PAGE = new RegExp(`^(.+?)\\s+第?\\s*(${NUMBER_SOURCE})\\s*页?$`);

interface Args {
  page: number;
  unit?: string;
  period?: PeriodAsk;
}

/** "鄢陵县二季度", "二季度 鄢陵县", "上季度", "鄢陵县", "我们": a unit and a period, each optional. */
function subject(raw: string): { unit?: string; period?: PeriodAsk } | null {
  const s = raw.trim();
  if (OWN.test(s)) return {};
  const whole = standalonePeriodAsk(s);
  if (whole) return { period: whole };
  const atEnd = PERIOD_AT_END.exec(s);
  const atStart = PERIOD_AT_START.exec(s);
  const split = atEnd && atEnd[1]!.trim() ? { unit: atEnd[1]!, phrase: atEnd[2]! } : atStart ? { unit: atStart[atStart.length - 1]!, phrase: atStart[1]! } : null;
  if (split) {
    const period = standalonePeriodAsk(split.phrase);
    const unit = split.unit.replace(/的$/, "").trim();
    if (period) return OWN.test(unit) ? { period } : { unit, period };
  }
  return { unit: s };
}

function parse(text: string): Args | null {
  const q = LEFT_QUESTION.exec(text) ?? DONE_QUESTION.exec(text);
  // "第12项报了吗", "关于12项还有哪些没报": about a task, not a unit or a period.
  if (q && /\d|第.{1,4}项/.test(q.groups!.who ?? "") && !standalonePeriodAsk(q.groups!.who!) && !PERIOD_AT_END.test(q.groups!.who!)) return null;
  if (q) {
    const who = subject(q.groups!.who ?? "");
    return who ? { page: 1, ...who } : null;
  }
  const m = UNREPORTED.exec(text);
  if (!m) return null;
  if (!m[2]) return { page: m[1] ? (toNumber(m[1]) ?? 1) : 1 };
  // "未报 长葛 2": a unit (or a period, or both), then its page.
  const withPage = WITH_PAGE.exec(m[2].trim());
  const page = withPage ? (toNumber(withPage[2]!) ?? 1) : 1;
  const rest = withPage ? withPage[1]!.trim() : m[2].trim();
  const spaced = rest.split(/\s+/);
  if (spaced.length === 2) {
    const [a, b] = spaced as [string, string];
    const pa = standalonePeriodAsk(a);
    const pb = standalonePeriodAsk(b);
    if (pa && !pb) return { page, unit: b, period: pa };
    if (pb && !pa) return { page, unit: a, period: pb };
  }
  return { page, ...(subject(rest) ?? { unit: rest }) };
}

export const unreported = command({
  name: "unreported",
  writes: false,
  access: "member",
  parse,
  async run(asked, { page, unit, period: ask }: Args) {
    // One rule for the period shown (shown-period.ts); a period named in the message wins.
    const turn = shownTurn(asked);
    if (!turn.plan) return reply(say(turn, "no_plan"));
    const period = ask ? periodOfAsk(ask, asked.plan!.period) : undefined;
    if (period && period.year !== turn.plan.year) return reply(say(turn, "unreported_x.other_year", { period: labelOf(turn.templates.t, period), planYear: turn.plan.year }));
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
      return reply(await unitLines(turn, [found], page, { named: unit, ...(period ? { period } : {}) }));
    }
    // A unit's group (or a member of units) sees that unit's list; the supervision group, or a
    // supervisor outside any unit group, sees the matrix of units.
    const groupUnit = turn.group?.unit;
    if (groupUnit) return reply(await unitLines(turn, [groupUnit], page, period ? { period } : {}));
    if (turn.isSupervisor && (turn.group?.supervision || !turn.group)) return matrix(turn, page, period);
    return reply(await unitLines(turn, turn.actingUnits, page, period ? { period } : {}));
  },
});

/**
 * The units' unreported tasks, a page of them. `named`: the unit as the sender named it ("未报
 * 长葛"): the next page is asked for the same way. `period`: another period than the one in
 * force (未报 二季度): that period's reports only, without the one before it.
 */
export async function unitLines(turn: Turn, units: ActingUnit[], page: number, opts: { named?: string; period?: Period } = {}): Promise<string> {
  const { named } = opts;
  const plan = opts.period ? { ...turn.plan!, period: opts.period, planIsCurrent: false } : turn.plan!;
  const lines: string[] = [];
  for (const unit of units) {
    const due = (await unitTasksFromModel(turn.model, plan, [unit.id], turn.now)).filter((t) => t.status !== "reported" && t.status !== "closed");
    const period = opts.period ? labelOf(turn.templates.t, opts.period) : periodLabel(turn);
    if (!due.length) {
      lines.push(say(turn, "unreported.unit_none", { unit: unit.name, period }));
      continue;
    }
    const pages = Math.ceil(due.length / MAX_LINES);
    if (page > pages) {
      lines.push(say(turn, "unreported_x.no_such_page", { page, pages }));
      continue;
    }
    lines.push(say(turn, "unreported.unit_header", { unit: unit.name, period, count: due.length, note: opts.period ? "" : periodNote(turn) }));
    for (const t of due.slice((page - 1) * MAX_LINES, page * MAX_LINES)) {
      lines.push(say(turn, "unreported.unit_line", { no: t.no, title: shortTitle(t.text), overdue: t.status === "overdue" ? say(turn, "unreported.overdue_tag") : "" }));
    }
    const again = [named, opts.period && periodKeyWord(opts.period)].filter(Boolean).join(" ");
    if (page < pages) lines.push(say(turn, "unreported_x.more", { page, pages, next: again ? `${again} ${page + 1}` : page + 1 }));
    // How to report is for the unit's own liaisons, not a supervisor looking at another unit.
    if (turn.memberUnits.some((u) => u.id === unit.id)) lines.push(howToReport(turn, due[0]!.no, opts.period));
  }
  return lines.join("\n");
}

/** How to report what is listed: for a past quarter, as its 补报 (a plain report would go to this one). */
function howToReport(turn: Turn, exampleNo: number, period?: Period): string {
  if (!period || period.key >= turn.plan!.period.key) return say(turn, "unreported.unit_how", { exampleNo });
  const quarter = say(turn, "unreported_x.quarter_word", { quarterCn: say(turn, `period.quarter_cn.q${period.quarter}`) });
  return say(turn, "unreported_x.unit_how_past", { exampleNo, quarter: period.year === turn.plan!.year ? quarter : `${period.key}` });
}

/** "2020Q2": how the next page of another period is asked for. */
function periodKeyWord(period: Period): string {
  return period.key;
}

async function matrix(turn: Turn, page: number, named?: Period) {
  const plan = named ? { ...turn.plan!, period: named, planIsCurrent: false } : turn.plan!;
  const backlog = await backlogByUnit(turn.tx, plan);
  const period = named ? labelOf(turn.templates.t, named) : periodLabel(turn);
  if (!backlog.length) return reply(say(turn, "unreported.matrix_none", { period }));
  const pages = Math.ceil(backlog.length / MAX_LINES);
  if (page > pages) return reply(say(turn, "unreported_x.no_such_page", { page, pages }));
  const lines = [
    // "N个单位共M项未报" counts the units behind the M: a unit listed only for last quarter's
    // 逾期 (nothing unreported this period) is not one of them.
    say(turn, "unreported.matrix_header", { period, note: named ? "" : periodNote(turn), units: backlog.filter((b) => b.unreported > 0).length, count: backlog.reduce((n, b) => n + b.unreported, 0) }),
    ...backlog.slice((page - 1) * MAX_LINES, page * MAX_LINES).map(
      (b) =>
        say(turn, "unreported.matrix_line", { unit: b.unitName, count: b.unreported }) +
        (b.previousMissing ? say(turn, "unreported_x.previous_missing", { quarter: say(turn, `period.quarter_cn.q${turn.plan!.period.quarter - 1}`), count: b.previousMissing }) : ""),
    ),
  ];
  if (page < pages) lines.push(say(turn, "unreported_x.more", { page, pages, next: named ? `${named.key} ${page + 1}` : page + 1 }));
  return reply(lines.join("\n"));
}
