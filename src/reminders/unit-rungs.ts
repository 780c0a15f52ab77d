// The rung (蓝/黄/红) each unit is on for its quarter report: the highest rung the ladder has run
// for it (ReminderRun "ladder:<period>:<rung>:unit:<id>"), for `任务 N` and 督办单. A rung is
// shown only while something is still due: the caller passes only units that still owe.
import type { Db, Tx } from "../db/client";
import { RUNGS, type Rung } from "./ladder-rungs";

export async function unitRungs(db: Db | Tx, wanted: { unitId: number; periodKeys: string[] }[]): Promise<Map<number, Rung>> {
  const keys = wanted.flatMap((w) => w.periodKeys.flatMap((p) => RUNGS.map((r) => `ladder:${p}:${r}:unit:${w.unitId}`)));
  const out = new Map<number, Rung>();
  if (!keys.length) return out;
  const rows = await db.reminderRun.findMany({ where: { key: { in: keys } }, select: { key: true } });
  for (const { key } of rows) {
    const m = /^ladder:[^:]+:(blue|yellow|red):unit:(\d+)$/.exec(key);
    if (!m) continue;
    const unitId = Number(m[2]);
    const rung = m[1] as Rung;
    const had = out.get(unitId);
    if (!had || RUNGS.indexOf(rung) > RUNGS.indexOf(had)) out.set(unitId, rung);
  }
  return out;
}
