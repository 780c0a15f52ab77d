// The overview's filters, from the query string so that they work without script and a
// filtered view can be bookmarked or sent: section, unit, kind of unit, light, state (推进中,
// 待销号, 已销号, 已退回) and a search by task number or words. Unknown values are ignored
// rather than refused: a stale link still opens the overview.
import type { Light } from "../../reporting/status-light";
import type { ReportModel, TaskRow } from "../../reporting/report-model";

export const TASK_STATES = ["in_progress", "pending", "closed", "returned"] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const UNIT_KINDS = ["municipal", "county", "other"] as const;
export const LIGHTS: Light[] = ["red", "yellow", "green", "none"];
/** Tasks per page of the overview's list: a phone scrolls through 30 cards, not 115. */
export const TASKS_PER_PAGE = 30;

export interface OverviewFilter {
  section?: number;
  unit?: string;
  kind?: (typeof UNIT_KINDS)[number];
  light?: Light;
  state?: TaskState;
  q?: string;
  page: number;
}

const str = (v: unknown) => (typeof v === "string" ? v.trim().slice(0, 100) : "");

export function parseOverviewFilter(query: Record<string, unknown>): OverviewFilter {
  const section = /^\d{1,3}$/.test(str(query.section)) ? Number(str(query.section)) : undefined;
  const page = /^\d{1,4}$/.test(str(query.page)) ? Math.max(1, Number(str(query.page))) : 1;
  const pick = <T extends string>(v: unknown, allowed: readonly T[]) => (allowed.includes(str(v) as T) ? (str(v) as T) : undefined);
  return {
    section,
    unit: str(query.unit) || undefined,
    kind: pick(query.kind, UNIT_KINDS),
    light: pick(query.light, LIGHTS),
    state: pick(query.state, TASK_STATES),
    q: str(query.q) || undefined,
    page,
  };
}

export function isFiltered(f: OverviewFilter): boolean {
  return f.section !== undefined || !!f.unit || !!f.kind || !!f.light || !!f.state || !!f.q;
}

/** A task's state: its closure, or 已退回 when a lead unit's 办结 was returned and none is pending since. */
export function taskState(t: Pick<TaskRow, "no" | "closure">, returned: Set<number>): TaskState {
  if (t.closure === "closed") return "closed";
  if (t.closure === "pending") return "pending";
  return returned.has(t.no) ? "returned" : "in_progress";
}

/** "12" or "第12项" finds task 12; words find the tasks whose text has every one of them. */
function matchesSearch(t: TaskRow, q: string): boolean {
  const no = /^第?(\d{1,4})项?$/.exec(q);
  if (no) return t.no === Number(no[1]);
  return q.split(/\s+/).every((word) => t.text.includes(word));
}

export interface FilteredOverview {
  tasks: (TaskRow & { state: TaskState })[];
  /** Tasks matching the filter, before paging. */
  matching: number;
  /** The page shown (the last one when asked for one past it) and how many there are. */
  page: number;
  pages: number;
  units: ReportModel["units"];
  indicators: ReportModel["indicators"];
}

export function filterOverview(m: ReportModel, f: OverviewFilter, returned: Set<number>, perPage = TASKS_PER_PAGE): FilteredOverview {
  const kindOf = new Map(m.units.map((u) => [u.unitId, u.kind]));
  const tasks = m.tasks
    .map((t) => ({ ...t, state: taskState(t, returned) }))
    .filter(
      (t) =>
        (f.section === undefined || t.sectionNo === f.section) &&
        (!f.unit || t.cells.some((c) => c.unit === f.unit)) &&
        (!f.kind || t.cells.some((c) => kindOf.get(c.unitId) === f.kind)) &&
        (!f.light || t.light === f.light) &&
        (!f.state || t.state === f.state) &&
        (!f.q || matchesSearch(t, f.q)),
    );
  const pages = Math.max(1, Math.ceil(tasks.length / perPage));
  const page = Math.min(f.page, pages);
  const nos = new Set(tasks.map((t) => t.no));
  // Units: those of the shown tasks when a task filter is set; narrowed by unit, kind and light.
  const taskFilter = f.section !== undefined || !!f.state || !!f.q;
  const unitIds = new Set(tasks.flatMap((t) => t.cells.map((c) => c.unitId)));
  const units = m.units.filter((u) => (!taskFilter || unitIds.has(u.unitId)) && (!f.unit || u.unit === f.unit) && (!f.kind || u.kind === f.kind) && (!f.light || u.light === f.light));
  return {
    tasks: tasks.slice((page - 1) * perPage, page * perPage),
    matching: tasks.length,
    page,
    pages,
    units,
    indicators: m.indicators.filter((i) => nos.has(i.taskNo)),
  };
}
