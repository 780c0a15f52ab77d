// The business clock: what "now" means for periods, deadlines, lateness and reminders.
// DUBAN_NOW shifts it (demos of a past plan, tests); protocol clocks (signature timestamps,
// token expiry) always use the real time and never take this.

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that starts at `start` and then runs at real speed, so a demo server started
 * "as if" on 2020-03-24 09:00 still sees minutes pass.
 */
export function clockStartingAt(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real().getTime();
  return () => new Date(real().getTime() + offset);
}

export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return () => new Date(t);
}
