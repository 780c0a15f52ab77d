// DingTalk 待办 (todo) of one person: create, mark done, delete (issue 23). The todo API names
// people by unionId, duban knows their staffId (userid): the contacts API turns one into the
// other (cached for the process). Every call answers ok or a Failure, never throws.
import type { ApiResult, DingtalkApiClient, Failure } from "./api-client";
import { DEFAULT_TIMEOUT_MS, networkFailure } from "./post-robot-message";

export interface TodoInput {
  subject: string;
  description?: string;
  /** When it is due. */
  dueTime: Date;
  /** The link back (the dashboard, or duban's page for the task). */
  detailUrl?: string;
}

export interface TodoClient {
  create(staffId: string, todo: TodoInput): Promise<ApiResult<{ id: string }>>;
  complete(staffId: string, id: string): Promise<ApiResult<true>>;
  remove(staffId: string, id: string): Promise<ApiResult<true>>;
}

export function createTodoClient(client: Pick<DingtalkApiClient, "accessToken" | "request">, opts: { oapiBase: string; fetch?: typeof fetch; timeoutMs?: number }): TodoClient {
  const oapi = opts.oapiBase.replace(/\/+$/, "");
  const unionIds = new Map<string, string>();

  // https://open.dingtalk.com/document/orgapp/query-user-details (topapi/v2/user/get → result.unionid)
  async function unionIdOf(staffId: string): Promise<ApiResult<string>> {
    const known = unionIds.get(staffId);
    if (known) return { ok: true, data: known };
    const token = await client.accessToken();
    if (!token.ok) return token;
    let json: Record<string, unknown>;
    try {
      const res = await (opts.fetch ?? fetch)(`${oapi}/topapi/v2/user/get?access_token=${encodeURIComponent(token.data)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userid: staffId }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      if (!res.ok) return { ok: false, retryable: res.status >= 500 || res.status === 429, code: res.status, error: `HTTP ${res.status}` };
      json = (await res.json()) as Record<string, unknown>;
    } catch (err) {
      return networkFailure(err) as Failure;
    }
    const unionid = (json.result as { unionid?: unknown } | undefined)?.unionid;
    if (json.errcode !== 0 || typeof unionid !== "string") {
      return { ok: false, retryable: json.errcode === -1, code: typeof json.errcode === "number" ? json.errcode : "no_unionid", error: String(json.errmsg ?? "no unionid for user") };
    }
    unionIds.set(staffId, unionid);
    return { ok: true, data: unionid };
  }

  const path = (unionId: string, id?: string) => `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks${id ? `/${encodeURIComponent(id)}` : ""}?operatorId=${encodeURIComponent(unionId)}`;

  return {
    // https://open.dingtalk.com/document/orgapp/add-dingtalk-to-do-task
    async create(staffId, todo) {
      const u = await unionIdOf(staffId);
      if (!u.ok) return u;
      const r = await client.request("POST", path(u.data), {
        subject: todo.subject,
        ...(todo.description ? { description: todo.description } : {}),
        dueTime: todo.dueTime.getTime(),
        executorIds: [u.data],
        ...(todo.detailUrl ? { detailUrl: { appUrl: todo.detailUrl, pcUrl: todo.detailUrl } } : {}),
        // A DING reminder on top of the 待办 is the ladder's job, not the 待办's.
        notifyConfigs: { dingNotify: "0" },
      });
      if (!r.ok) return r;
      return typeof r.data.id === "string" ? { ok: true, data: { id: r.data.id } } : { ok: false, retryable: true, error: "no id in answer" };
    },
    // https://open.dingtalk.com/document/orgapp/updates-dingtalk-to-do-tasks
    async complete(staffId, id) {
      const u = await unionIdOf(staffId);
      if (!u.ok) return u;
      const r = await client.request("PUT", path(u.data, id), { done: true });
      return r.ok ? { ok: true, data: true } : r;
    },
    // https://open.dingtalk.com/document/orgapp/delete-dingtalk-to-do-task
    async remove(staffId, id) {
      const u = await unionIdOf(staffId);
      if (!u.ok) return u;
      const r = await client.request("DELETE", path(u.data, id));
      return r.ok ? { ok: true, data: true } : r;
    },
  };
}
