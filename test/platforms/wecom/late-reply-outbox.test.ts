// Late replies go through the outbox and reach WeCom: message/send for the app, the
// response_url for the AI bot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveryWorker } from "../../../src/delivery/delivery-worker";
import { groupDestinationResolver, withDirectChannels } from "../../../src/delivery/group-destination";
import { createLogger } from "../../../src/logger";
import { loadConfig } from "../../../src/config";
import { createDirectChannels } from "../../../src/platforms/push-channels";
import { outboxBotSendLater, outboxSendLater } from "../../../src/platforms/wecom/late-reply-outbox";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { APP } from "./keys";

let database: TestDatabase;
let fake: FakeWecomApi;
beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
});
afterAll(async () => {
  await fake.close();
  await database.drop();
});

describe("outboxSendLater", () => {
  it("queues late replies and the worker delivers them through WeCom, logged as sent", async () => {
    const config = loadConfig({
      WECOM_CORP_ID: APP.corpId,
      WECOM_TOKEN: APP.token,
      WECOM_ENCODING_AES_KEY: APP.encodingAesKey,
      WECOM_AGENT_ID: String(APP.agentId),
      WECOM_SECRET: APP.secret,
      WECOM_API_BASE: fake.base,
    });
    const db = database.db;
    const worker = createDeliveryWorker({
      db,
      log: createLogger("silent"),
      resolve: withDirectChannels(groupDestinationResolver(db, { webhook: {}, byChatId: {} }), createDirectChannels(config)),
    });
    let kicked = 0;
    const sendLater = outboxSendLater(db, () => kicked++);
    await sendLater({ via: "app", userId: "zhangsan", reply: { text: "已记录 ✅ 第12项" } });
    await sendLater({ via: "bot", responseUrl: fake.responseUrl("c1"), reply: { text: "市商务局｜2020年第一季度" } });
    expect(kicked).toBe(2);
    expect(await db.outboxMessage.count({ where: { status: "pending" } })).toBe(2);

    await worker.drainUntilIdle();
    const [send] = fake.requestsTo("/cgi-bin/message/send");
    expect(send?.body).toMatchObject({ touser: "zhangsan", msgtype: "text", agentid: APP.agentId, text: { content: "已记录 ✅ 第12项" } });
    const [resp] = fake.requestsTo("/cgi-bin/aibot/response");
    expect(resp?.body).toMatchObject({ msgtype: "markdown", markdown: { content: "市商务局｜2020年第一季度" } });
    expect((await db.outboxMessage.findMany()).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("queues the long connection's late replies for the chat, sent through the live connection", async () => {
    const db = database.db;
    await db.outboxMessage.deleteMany();
    const config = loadConfig({ WECOM_BOT_MODE: "ws", WECOM_BOT_ID: "bot", WECOM_BOT_SECRET: "s" });
    const sent: [string, string][] = [];
    const live = { send: async (chatId: string, m: { text: string }) => (sent.push([chatId, m.text]), { ok: true as const }) };
    const worker = createDeliveryWorker({
      db,
      log: createLogger("silent"),
      resolve: withDirectChannels(groupDestinationResolver(db, { webhook: {}, byChatId: {} }), createDirectChannels(config, { wecomBot: live })),
    });
    await outboxBotSendLater(db, () => undefined)({ chatId: "wr-shangwu", reply: { text: "市商务局｜2020年第一季度" } });
    expect((await db.outboxMessage.findFirstOrThrow()).destination).toBe("wecom-bot:wr-shangwu");
    await worker.drainUntilIdle();
    expect(sent).toEqual([["wr-shangwu", "市商务局｜2020年第一季度"]]);

    // Without the live connection (a CLI run), such a message waits for the server.
    await outboxBotSendLater(db, () => undefined)({ chatId: "wr-2", reply: { text: "x" } });
    const cli = createDeliveryWorker({ db, log: createLogger("silent"), resolve: withDirectChannels(groupDestinationResolver(db, { webhook: {}, byChatId: {} }), createDirectChannels(config)) });
    await cli.drainOnce();
    expect(await db.outboxMessage.findFirstOrThrow({ where: { destination: "wecom-bot:wr-2" } })).toMatchObject({ status: "pending", attempts: 1 });
    await cli.stop();
    await worker.stop();
  });
});
