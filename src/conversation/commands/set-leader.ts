// 设置分管领导 / 设置主要负责人 (supervisors, issue 23): "设置分管领导 市商务局 @王某某" registers a
// registered person (by display name or user id, on the sender's platform) as the unit's 分管领导
// (told at 黄) or 主要负责人 (told at 红). Someone duban has never seen cannot be named in chat —
// a name is not an id — and the reply gives the CLI line that registers them. The reply also
// says which of the unit's 落实方案 name this person as 责任领导.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { findPerson, plansLedBy } from "../../directory/find-person";
import { addMember, type LeaderPost } from "../../directory/members";
import { command } from "../command";
import { reply, say, namedUnit } from "../turn";

const SET = /^设置?\s*(?<post>分管领导|分管局长|主要负责人|主要领导)\s*(?<unit>[^\s@]+)?\s*(?<who>@?\S+)?$/;

type Args = { post: LeaderPost; unit?: string; who?: string };

export const setLeader = command({
  name: "set-leader",
  access: "supervisor",
  actionName: "设置单位领导",
  parse: (text): Args | null => {
    if (!/^设置/.test(text)) return null;
    const m = SET.exec(text);
    if (!m) return null;
    const post: LeaderPost = /分管/.test(m.groups!.post!) ? "in_charge" : "head";
    return { post, ...(m.groups!.unit ? { unit: m.groups!.unit } : {}), ...(m.groups!.who ? { who: m.groups!.who } : {}) };
  },
  async run(turn, { post, unit: named, who }: Args) {
    if (!named || !who) return reply(say(turn, "leader.missing"));
    const unitNamed = namedUnit(turn, named);
    if ("answer" in unitNamed) return unitNamed.answer;
    const unit = unitNamed.unit;
    const platform = turn.message.platform;
    const found = await findPerson(turn.tx, platform, who);
    const said = who.replace(/^@/, "");
    if ("none" in found) return reply(say(turn, "leader.unknown_person", { name: said, platform, unit: unit.name }));
    if ("several" in found) return reply(say(turn, "leader.ambiguous_person", { name: said, ids: found.several.join("、") }));
    // A liaison or supervisor (of this unit or another) named here is a namesake or a role
    // change nobody asked for: made a leader, a liaison stops getting liaison reminders, and a
    // leader's membership lets them act for the unit. Asked back, nothing stored.
    const others = (await turn.tx.member.findMany({ where: { platform, userId: found.userId, role: { not: "leader" } }, include: { unit: true }, orderBy: { id: "asc" } }));
    if (others.length) {
      const roles = others.map((o) => say(turn, "leader.role_line", { unit: o.unit.name, role: say(turn, o.role === "supervisor" ? "leader.role_supervisor" : "leader.role_member") })).join("、");
      return reply(say(turn, "leader.not_a_leader", { name: said, roles, unit: unit.name, post: say(turn, `leader.post_${post}`), platform, userId: found.userId }));
    }
    const r = await addMember(turn.tx, { platform, userId: found.userId, unit: unit.name, role: "leader", post, ...(found.name ? { name: found.name } : {}) }, turn.model.directory.lookup);
    await recordAudit(turn.tx, {
      action: r.created ? "member.added" : "member.updated",
      actor: messageActor(turn.message),
      at: turn.now,
      unitId: unit.id,
      unitName: unit.name,
      detail: { platform, userId: found.userId, role: "leader", post },
    });
    const nos = await plansLedBy(turn.tx, unit.id, found.name);
    const text = say(turn, "leader.set", { unit: unit.name, post: say(turn, `leader.post_${post}`), name: found.name ?? found.userId });
    return reply(nos.length ? text + say(turn, "leader.plan_leader_linked", { nos: nos.join("、") }) : text);
  },
});
