// The scheduled SQLite snapshot (seeds/schedule.yaml `backup`): daily at its time (Asia/Shanghai),
// through the online backup, then the oldest snapshots beyond `keep` are deleted. A failed
// snapshot is logged and tried again the next day; it never stops the server.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../logger";
import { backupFileName, backupSqlite, defaultBackupDir, pruneBackups } from "./backup";
import { join, resolve } from "node:path";

export interface BackupSchedule {
  /** Takes one snapshot now and prunes (what the schedule runs). */
  run(at?: Date): Promise<void>;
  stop(): Promise<void>;
}

export function startBackupSchedule(opts: { dbFile: string; time: string; keep: number; dir?: string; log: Logger }): BackupSchedule {
  const dir = opts.dir ? resolve(opts.dir) : defaultBackupDir(opts.dbFile);
  const run = async (at = new Date()) => {
    try {
      const r = await backupSqlite(opts.dbFile, join(dir, backupFileName(opts.dbFile, at)));
      const pruned = pruneBackups(dir, opts.dbFile, opts.keep);
      opts.log.info({ file: r.file, bytes: r.bytes, ms: r.ms, pruned: pruned.length }, "database snapshot taken");
    } catch (err) {
      opts.log.error({ err, dir }, "database snapshot failed; tried again at the next scheduled time");
    }
  };
  const [h, m] = opts.time.split(":").map(Number);
  const task: ScheduledTask = cron.schedule(`${m} ${h} * * *`, () => run(), { name: "duban-backup", timezone: "Asia/Shanghai", noOverlap: true });
  return {
    run,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
