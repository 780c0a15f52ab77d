// 请假 (issue 23): "请假 至12月10日" — no @-mention and no personal nudge to the sender until
// then (inclusive); their deputy (B角) gets them instead. A supervisor may say it for someone:
// "请假 张三 至12月10日" / "请假 @张三 至12月10日". "销假" ends it early. The date is of the
// current year, or next year's when the month has passed (said in December, "至1月5日").
import { dayLabel } from "../../reporting/period-label";
import { messageActor, recordAudit } from "../../audit/record-audit";
import { findPerson } from "../../directory/find-person";
import { setLeave } from "../../directory/recipients";
import { shanghaiDate } from "../../reporting/periods";
import { command } from "../command";
import { reply, say } from "../turn";

const LEAVE = /^(?:请假|休假)\s*(?<who>@?(?!截至|截止)[^\s\d@][^\s]*?)?\s*(?:至|到|截至|截止到?)\s*(?<date>.+?)[。.!！]?$/;
// "销假。", "销假了": the sender; "销假 张三" / "销假 @张三": someone else (supervisors).
const BACK = /^销假(?:了|啦)?\s*(?<who>@?[^\s。.!！]+?)?\s*(?:了|啦)?[。.!！]?$/;
const DATE = /^(?:(?<y>\d{4})\s*年\s*)?(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]?$|^(?<iy>\d{4})-(?<im>\d{1,2})-(?<id>\d{1,2})$/;

/** How far ahead a date without a year may fall into next year. */
const NEXT_YEAR_WITHIN_DAYS = 92;

type Args = { who?: string; date?: string; back?: boolean };

export const leave = command({
  name: "leave",
  access: "member",
  actionName: "请假",
  parse: (text): Args | null => {
    const back = BACK.exec(text);
    if (back) return { back: true, ...(back.groups!.who ? { who: back.groups!.who } : {}) };
    const m = LEAVE.exec(text);
    if (m) return { date: m.groups!.date!, ...(m.groups!.who ? { who: m.groups!.who } : {}) };
    return /^(?:请假|休假)$/.test(text) ? { date: "" } : null;
  },
  async run(turn, args: Args) {
    const platform = turn.message.platform;
    let userId = turn.message.senderId;
    let name = turn.message.senderName ?? null;
    if (args.who) {
      if (!turn.isSupervisor) return reply(say(turn, "leave.others_only_supervisor"));
      const found = await findPerson(turn.tx, platform, args.who);
      if ("none" in found) return reply(say(turn, "leave.unknown_person", { name: args.who.replace(/^@/, "") }));
      if ("several" in found) return reply(say(turn, "leave.ambiguous_person", { name: args.who.replace(/^@/, ""), ids: found.several.join("、") }));
      userId = found.userId;
      name = found.name;
    }
    const rows = await turn.tx.member.findMany({ where: { platform, userId }, orderBy: { id: "asc" } });
    name ??= rows.find((r) => r.name)?.name ?? userId;
    if (!rows.length) return reply(say(turn, "leave.not_member", { name }));
    const today = shanghaiDate(turn.now);
    let until: string | null = null;
    if (!args.back) {
      until = resolveDate(args.date ?? "", today);
      if (!until) return reply(say(turn, "leave.bad_date"));
      if (until < today) return reply(say(turn, "leave.past_date", { date: until, nextYear: Number(today.slice(0, 4)) + 1, month: Number(until.slice(5, 7)), day: Number(until.slice(8, 10)) }));
    }
    await setLeave(turn.tx, platform, userId, until);
    await recordAudit(turn.tx, { action: "member.updated", actor: messageActor(turn.message), at: turn.now, detail: { platform, userId, leaveUntil: until } });
    if (!until) return reply(say(turn, "leave.cleared", { name }));
    const deputy = rows.find((r) => r.deputyUserId)?.deputyUserId;
    const deputyName = deputy ? ((await turn.tx.member.findFirst({ where: { platform, userId: deputy }, select: { name: true } }))?.name ?? deputy) : null;
    return reply(say(turn, "leave.set", { name, until: dayLabel(turn.templates.t, until, Number(today.slice(0, 4))) }) + (deputyName ? say(turn, "leave.deputy_note", { deputy: deputyName }) : say(turn, "leave.no_deputy_note")));
  },
});

/**
 * "12月10日", "2020年12月10日", "2020-12-10" → YYYY-MM-DD. A month already past is next year's only
 * near the turn of the year ("至1月5日" said in December); otherwise it is this year's, and refused
 * as past: "至5月30日" said in June is a slip, and a leave to next May would silence the person's
 * reminders for a year.
 */
export function resolveDate(said: string, today: string): string | null {
  const m = DATE.exec(said.replace(/\s+/g, ""));
  if (!m) return null;
  const g = m.groups!;
  const month = Number(g.m ?? g.im);
  const day = Number(g.d ?? g.id);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let year = Number(g.y ?? g.iy ?? today.slice(0, 4));
  const at = (y: number) => `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!g.y && !g.iy && month < Number(today.slice(5, 7)) && Date.parse(at(year + 1)) - Date.parse(today) <= NEXT_YEAR_WITHIN_DAYS * 86_400_000) year += 1;
  const date = at(year);
  // 2月30日 and the like: not a day.
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date ? date : null;
}
