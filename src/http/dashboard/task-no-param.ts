// A task number in a path (/api/v1/tasks/12, /dashboard/tasks/12): plain decimal digits only.
// Number() would take "1e1" as 10 and "0x0c" as 12, and a 20-digit number past what the
// database's integer holds (a 500); none of these is a task number, so they are not found.
import { NotFoundError } from "../../errors";

export function taskNoParam(raw: string | undefined): number {
  if (!raw || !/^[1-9]\d{0,5}$/.test(raw)) throw new NotFoundError(`没有第${(raw ?? "").slice(0, 20)}项任务`, "task_not_found");
  return Number(raw);
}

/** ?year=2020: four digits, else none. */
export function yearParam(raw: unknown): number | undefined {
  return typeof raw === "string" && /^\d{4}$/.test(raw) ? Number(raw) : undefined;
}
