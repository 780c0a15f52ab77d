import { command } from "../command";
import { reply, say, type Turn } from "../turn";

/** A task number from the reader's own list, so the examples can be typed as they are. */
export async function exampleTaskNo(turn: Turn): Promise<number> {
  if (!turn.plan || !turn.actingUnits.length) return 8;
  const plan = turn.plan;
  const nos = turn.actingUnits.flatMap((u) => turn.model.plan.assignmentsOf(plan.id, u.id).slice(0, 1).map((a) => a.task.no));
  return nos.length ? Math.min(...nos) : 8;
}

export async function helpReply(turn: Turn, prefix?: string) {
  const exampleNo = await exampleTaskNo(turn);
  const lines = [prefix, say(turn, "help", { exampleNo }), turn.isSupervisor ? say(turn, "help_supervisor") : undefined];
  return reply(lines.filter(Boolean).join("\n"));
}

export const help = command({
  name: "help",
  writes: false,
  access: "member",
  parse: (text) => (/^(帮助|help|菜单|\?|？|使用说明)$/i.test(text) ? {} : null),
  run: (turn) => helpReply(turn),
});
