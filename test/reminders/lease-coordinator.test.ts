import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseCoordinator } from "../../src/reminders/lease-coordinator";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

describe("leaseCoordinator", () => {
  it("elects exactly one of several instances per tick slot", async () => {
    const instances = ["a", "b", "c"].map((id) => leaseCoordinator(database.db, id));
    for (const slot of ["2020-03-24T01:00:00.000Z", "2020-03-24T01:01:00.000Z"]) {
      const votes = await Promise.all(instances.map((c) => c.shouldRun(`duban-reminders:${slot}`, 55_000)));
      expect(votes.filter(Boolean)).toHaveLength(1);
    }
  });

  it("lets another instance take over a slot whose lease has expired", async () => {
    let t = new Date("2026-11-28T00:00:00Z");
    const a = leaseCoordinator(database.db, "a", () => t);
    const b = leaseCoordinator(database.db, "b", () => t);
    expect(await a.shouldRun("slot-x", 1_000)).toBe(true);
    expect(await b.shouldRun("slot-x", 1_000)).toBe(false);
    t = new Date(t.getTime() + 2_000);
    expect(await b.shouldRun("slot-x", 1_000)).toBe(true);
  });
});
