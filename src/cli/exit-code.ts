// A command that ran to its end but could not do all of its work (a message failed, or is
// still waiting): it has printed why, and the shell should see a non-zero status.
export class IncompleteRun extends Error {
  constructor(readonly exitCode = 1) {
    super("incomplete run");
  }
}
