// Who this process is, in leases and claimed outbox rows. hostname-pid alone repeats after a
// restart in a container (pid 1, fixed hostname): the new process would then take the rows
// its killed predecessor left "sending" for its own and never reclaim them. A random suffix
// makes every start a new holder.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

export function processInstanceId(host = hostname(), pid = process.pid): string {
  return `${host}-${pid}-${randomBytes(4).toString("hex")}`;
}
