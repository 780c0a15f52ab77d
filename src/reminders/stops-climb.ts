// What stops a unit's climb up the escalation ladder for a task (issue 23). A report for the
// period, a 办结 (待销号) or a 销号 stop it by themselves: the ladder only counts what is still
// due (run-ladder-tick.ts), and an approved 延期 moves the date the rungs are counted from (the
// milestone's dueDate or the task's deadline). Anything else that should stop it calls
// stopsClimb(): no rung is sent for that task and unit until `until`
// (inclusive; without it, for good). Recorded as a ReminderRun row, so every instance sees it
// and nothing else in the schema is needed.
import type { Db, Tx } from "../db/client";

const PREFIX = "ladder-stop:";

export async function stopsClimb(db: Db | Tx, at: { taskId: number; unitId: number; until?: string }): Promise<void> {
  const key = `${PREFIX}task:${at.taskId}:unit:${at.unitId}${at.until ? `:until:${at.until}` : ""}`;
  if (await db.reminderRun.findUnique({ where: { key } })) return;
  await db.reminderRun.create({ data: { key, enqueued: 0 } });
}

/** "taskId:unitId" pairs whose climb is stopped on `today` (YYYY-MM-DD). */
export async function stoppedPairs(db: Db | Tx, today: string): Promise<Set<string>> {
  const rows = await db.reminderRun.findMany({ where: { key: { startsWith: PREFIX } }, select: { key: true } });
  const out = new Set<string>();
  for (const { key } of rows) {
    const m = /^ladder-stop:task:(\d+):unit:(\d+)(?::until:(\d{4}-\d{2}-\d{2}))?$/.exec(key);
    if (m && (!m[3] || m[3] >= today)) out.add(`${m[1]}:${m[2]}`);
  }
  return out;
}
