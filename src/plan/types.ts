// The parsed shape of a task-breakdown document: what `duban import --json` prints, and what
// the importer writes to the database. Pure data, no database ids.

/** A unit's canonical name, e.g. "市发展改革委". */
export type UnitName = string;

export type IndicatorOp = ">=" | "<=" | "=";

export interface Indicator {
  name: string;
  target: number;
  unit: string;
  op: IndicatorOp;
}

/** "all": 各县(市、区)政府(管委会); "relevant": 各有关县(市、区)…; a list: named county-level bodies. */
export type CountyScope = "all" | "relevant" | UnitName[] | null;

export interface ParsedSection {
  no: number;
  title: string;
}

export interface ParsedTask {
  no: number;
  section: number;
  text: string;
  /**
   * The leader answerable for the task (责任领导, 分管领导, or the heading's "张某某副市长牵头"),
   * as the document writes it; null when it names none. Never part of `text`.
   */
  leader: string | null;
  lead: UnitName[];
  cooperating: UnitName[];
  counties: CountyScope;
  deadline: string | null;
  indicators: Indicator[];
  /**
   * With counties "relevant": the county-level units the task's own text names ("禹州高新区",
   * "长葛市产业集聚区"), assigned as counties for the bureau to confirm. Set by
   * resolveCollectiveUnits (src/plan/resolve-collective-units.ts), not by the readers.
   */
  countiesFromText?: UnitName[];
}

export interface ParsedPlan {
  title: string | null;
  docNo: string | null;
  year: number;
  sections: ParsedSection[];
  tasks: ParsedTask[];
  /** Every unit named by the document (canonical names, first-appearance order). */
  units: UnitName[];
}

export type UnitKind = "municipal" | "county" | "group" | "other";

export interface UnitEntry {
  name: UnitName;
  kind: UnitKind;
  aliases: string[];
  /** Names the unit had before a reorganisation ("市卫生局"): they resolve to it like aliases. */
  formerNames?: string[];
  /** A city government department: one of the units "市政府各部门" stands for. */
  department?: boolean;
  /** A 街道, 镇 or 乡 of the plan's own district or county (from the divisions dataset). */
  town?: boolean;
  /** County-level units: place and park names that, named in a task's text, mean this unit. */
  places?: string[];
  /**
   * Group units that stand for every department: "always" (市政府各部门), or "alone" — only
   * when the task names no other city unit (市直有关部门).
   */
  expand?: "always" | "alone";
}
