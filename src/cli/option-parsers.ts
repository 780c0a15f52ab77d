import { InvalidArgumentError } from "commander";

/** A commander option parser accepting one of `values`, with a message naming them. */
export function oneOf<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!values.includes(v as T)) throw new InvalidArgumentError(`must be one of ${values.join(", ")} (got "${v}")`);
    return v as T;
  };
}

/** A commander option parser for an ISO instant such as 2020-03-24T09:00:00+08:00. */
export function instant(v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime()) || !/T/.test(v)) throw new InvalidArgumentError(`must be an ISO instant such as 2020-03-24T09:00:00+08:00 (got "${v}")`);
  return d;
}

/** A commander option parser for a positive whole number. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a positive whole number (got "${v}")`);
  return n;
}

/** A commander option parser for a plan year such as 2020. */
export function year(v: string): number {
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new InvalidArgumentError(`must be a year such as 2020 (got "${v}")`);
  return y;
}
