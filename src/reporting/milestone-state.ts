// A milestone's state from its row alone. Minimal on purpose: the 落实方案 work (branch
// taskplan) exports the full one; until it lands, 对表 and the lights read this.

export interface MilestoneLike {
  /** YYYY-MM-DD, or null when the plan gave no date (never overdue: nothing to compare). */
  dueDate: string | null;
  doneAt: Date | null;
}

/** 逾期: past its date (Asia/Shanghai `today`, YYYY-MM-DD) and not closed. */
export function isMilestoneOverdue(m: MilestoneLike, today: string): boolean {
  return m.doneAt === null && m.dueDate !== null && m.dueDate < today;
}
