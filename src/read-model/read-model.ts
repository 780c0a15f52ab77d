// The in-memory read model: what a message needs to be answered without asking the database,
// kept current by the change counters (model-version.ts). Every message reads the counters
// (one query) and reloads only the domains whose counter moved since they were loaded —
// whoever wrote: this process, the CLI, a second instance. Own writes are seen the same way,
// by one reload on the next message.
import type { Db, Tx } from "../db/client";
import { loadDirectoryModel, type DirectoryModel } from "./directory-model";
import { DOMAINS, readModelVersion, type Domain, type ModelVersion } from "./model-version";
import { loadOpenQuestions, type OpenQuestions } from "./open-questions";
import { loadPlanModel, type PlanModel } from "./plan-model";
import { ReportedModel } from "./reported-model";
import type { VersionReader } from "./sqlite-version-reader";

export interface ReadModelSnapshot {
  directory: DirectoryModel;
  plan: PlanModel;
  reported: ReportedModel;
  questions: OpenQuestions;
}

export interface ReadModel {
  /**
   * The model as of now: checks the counters and reloads what changed. A write transaction
   * passes its own client once it holds the counter row, to see what was committed while it
   * waited for it (lazy report sets still load through the plain client, after it ends).
   */
  current(client?: Db | Tx): Promise<ReadModelSnapshot>;
  /**
   * Forget everything loaded. Called when a write transaction rolls back: on SQLite every
   * statement of the process shares one connection, so a read that ran while that transaction
   * was open may have loaded rows that never committed — and the rollback also undid the
   * counter bump that would have told the model so.
   */
  invalidate(): void;
}

type Parts = { directory: DirectoryModel; plan: PlanModel; reports: ReportedModel; questions: OpenQuestions };

/** `versions`: a faster way to read the counters of `db` (sqlite-version-reader.ts). */
export function createReadModel(db: Db, opts: { versions?: VersionReader } = {}): ReadModel {
  const loaders: { [D in Domain]: (client: Db | Tx) => Promise<Parts[D]> } = {
    directory: (client) => loadDirectoryModel(client),
    plan: (client) => loadPlanModel(client),
    reports: async () => new ReportedModel(db),
    questions: (client) => loadOpenQuestions(client),
  };
  // Per domain: the version loaded (or being loaded) and its promise. Concurrent messages that
  // see the same new counter share one load.
  const loaded = new Map<Domain, { version: number; value: Promise<unknown> }>();
  // Bumped by invalidate(). A rolled-back transaction takes its counter bump with it, so the
  // same counter value can come back later over different data: a load that began before an
  // invalidate() (it may have read the rolled-back counter, or rows) must not be kept under it.
  let epoch = 0;

  function part<D extends Domain>(domain: D, version: number | null, client: Db | Tx, startedIn: number): Promise<Parts[D]> {
    const have = loaded.get(domain);
    // No counter row (a database not migrated this far is not possible; a wiped row is): load
    // every time rather than trust a stale model.
    if (have && version !== null && have.version === version) return have.value as Promise<Parts[D]>;
    // The counters were read before loading, so what is loaded is at least that version; a
    // write in between only causes one more reload.
    const value = loaders[domain](client);
    if (version !== null && startedIn === epoch) {
      loaded.set(domain, { version, value });
      value.catch(() => {
        if (loaded.get(domain)?.value === value) loaded.delete(domain);
      });
    }
    return value;
  }

  return {
    invalidate() {
      epoch++;
      loaded.clear();
    },
    async current(client = db) {
      const startedIn = epoch;
      const version: ModelVersion | null = client === db && opts.versions ? opts.versions.read() : await readModelVersion(client);
      const v = (d: Domain) => (version ? version[d] : null);
      const [directory, plan, reported, questions] = await Promise.all(DOMAINS.map((d) => part(d, v(d), client, startedIn)));
      return {
        directory: directory as DirectoryModel,
        plan: plan as PlanModel,
        reported: reported as ReportedModel,
        questions: questions as OpenQuestions,
      };
    },
  };
}
