// `duban directory load FILE.yaml`: members and group bindings in bulk, all or nothing.
// Every problem is reported with its line in the file before anything is written.
import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import type { Db } from "../db/client";
import { InputError, UnknownUnitError } from "../errors";
import { cliActor, recordAudit } from "../audit/record-audit";
import { bindGroup } from "./groups";
import { addMember, LEADER_POSTS, MEMBER_ROLES, PLATFORMS } from "./members";
import { loadUnitLookup } from "./unit-lookup";
import { checkWebhookUrl, type WebhookBases } from "./webhook-url";

const idString = z.union([z.string().min(1), z.number()]).transform(String);

const memberSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  user: idString,
  unit: z.string().min(1),
  name: z.string().optional(),
  role: z.enum(MEMBER_ROLES).optional(),
  // issue 23: a leader's post, a liaison's deputy (B角) and leave
  post: z.enum(LEADER_POSTS).optional(),
  deputy: idString.optional(),
  leaveUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").optional(),
});

const groupSchema = z
  .strictObject({
    platform: z.enum(PLATFORMS),
    chat: idString,
    unit: z.string().min(1).optional(),
    supervision: z.boolean().optional(),
    webhook: z.string().optional(),
    secret: z.string().optional(),
  })
  .refine((g) => Boolean(g.unit) !== Boolean(g.supervision), "needs either unit or supervision: true");

const fileSchema = z.strictObject({
  members: z.array(z.unknown()).optional(),
  groups: z.array(z.unknown()).optional(),
});

export interface DirectoryLoadResult {
  members: { created: number; updated: number };
  groups: { created: number; updated: number };
}

export async function loadDirectoryFile(db: Db, file: string, webhookBases?: WebhookBases): Promise<DirectoryLoadResult> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`无法读取 ${file}: ${(e as Error).message}`);
  }
  return loadDirectoryText(db, text, file, webhookBases);
}

export async function loadDirectoryText(db: Db, text: string, source: string, webhookBases?: WebhookBases): Promise<DirectoryLoadResult> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lc.linePos(node.range[0]).line : 1);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new InputError(`${source}:${lc.linePos(e.pos[0]).line}: YAML 格式错误：${e.message.split("\n")[0]}`, "bad_yaml");
  }
  const top = fileSchema.safeParse(doc.toJS() ?? {});
  if (!top.success) throw new InputError(`${source}:1: 顶层只能有 members 和 groups 两个列表（${top.error.issues[0]?.message}）`, "bad_directory");

  const problems: string[] = [];
  const itemsOf = (key: "members" | "groups") => {
    const seq = doc.get(key, true);
    return isSeq(seq) ? seq.items.map((n) => ({ node: n as Node, line: lineOf(n as Node) })) : [];
  };
  const lookup = await loadUnitLookup(db);
  const members = itemsOf("members").flatMap(({ node, line }) => {
    const r = memberSchema.safeParse(isMap(node) ? node.toJSON() : node);
    if (!r.success) return problems.push(`${source}:${line}: members: ${describe(r.error)}`), [];
    try {
      lookup.require(r.data.unit);
    } catch (e) {
      if (e instanceof UnknownUnitError) return problems.push(`${source}:${line}: ${e.message}`), [];
      throw e;
    }
    return [r.data];
  });
  const groups = itemsOf("groups").flatMap(({ node, line }) => {
    const r = groupSchema.safeParse(isMap(node) ? node.toJSON() : node);
    if (!r.success) return problems.push(`${source}:${line}: groups: ${describe(r.error)}`), [];
    if (r.data.webhook !== undefined) {
      try {
        checkWebhookUrl(r.data.platform, r.data.webhook, webhookBases);
      } catch (e) {
        if (e instanceof InputError) return problems.push(`${source}:${line}: ${e.message}`), [];
        throw e;
      }
    }
    if (r.data.unit) {
      try {
        lookup.require(r.data.unit);
      } catch (e) {
        if (e instanceof UnknownUnitError) return problems.push(`${source}:${line}: ${e.message}`), [];
        throw e;
      }
    }
    return [{ ...r.data, line }];
  });
  if (problems.length) throw new InputError(`未写入任何内容，请先修正：\n${problems.join("\n")}`, "bad_directory");

  const result: DirectoryLoadResult = { members: { created: 0, updated: 0 }, groups: { created: 0, updated: 0 } };
  await db.$transaction(
    async (tx) => {
      for (const m of members) {
        const r = await addMember(tx, { platform: m.platform, userId: m.user, unit: m.unit, name: m.name, role: m.role, post: m.post, deputy: m.deputy, leaveUntil: m.leaveUntil }, lookup);
        result.members[r.created ? "created" : "updated"]++;
        await recordAudit(tx, { action: r.created ? "member.added" : "member.updated", actor: cliActor(), unitName: r.unit, detail: { source, platform: m.platform, userId: m.user, name: m.name, role: m.role } });
      }
      for (const g of groups) {
        try {
          const r = await bindGroup(
            tx,
            { platform: g.platform, chatId: g.chat, unit: g.unit, supervision: g.supervision, webhookUrl: g.webhook, secret: g.secret, webhookBases },
            lookup,
          );
          result.groups[r.created ? "created" : "updated"]++;
          await recordAudit(tx, { action: "group.bound", actor: cliActor(), unitName: g.unit ? r.target : undefined, detail: { source, platform: g.platform, chatId: g.chat, target: r.target, created: r.created } });
        } catch (e) {
          if (e instanceof InputError) throw new InputError(`${source}:${g.line}: ${e.message}；未写入任何内容`, e.code);
          throw e;
        }
      }
    },
    { timeout: 60_000 },
  );
  return result;
}

function describe(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
