// The webhook baseline, in a process of its own like the server it is compared with: a bare
// Koa route that does only what any WeCom app callback must — read the body, check the
// signature, decrypt, encrypt a reply of the same size and sign it — with the same
// @wecom/crypto calls duban makes. duban's full path ÷ this is the share of the machine left
// to the conversation itself. Prints its base URL on stdout.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Koa from "koa";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { APP } from "../test/platforms/wecom/keys";

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const ciphertext = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
  const q = ctx.query as Record<string, string | undefined>;
  const [timestamp, nonce] = [q.timestamp ?? "", q.nonce ?? ""];
  if (getSignature(APP.token, timestamp, nonce, ciphertext) !== q.msg_signature) ctx.throw(401);
  const { message } = decrypt(APP.encodingAesKey, ciphertext);
  const ts = String(Math.floor(Date.now() / 1000));
  const n = String(randomBytes(5).readUIntBE(0, 5));
  const sealed = encrypt(APP.encodingAesKey, message, APP.corpId);
  ctx.type = "application/xml";
  ctx.body = `<xml><Encrypt><![CDATA[${sealed}]]></Encrypt><MsgSignature><![CDATA[${getSignature(APP.token, ts, n, sealed)}]]></MsgSignature><TimeStamp>${ts}</TimeStamp><Nonce><![CDATA[${n}]]></Nonce></xml>`;
});
const server = createServer(app.callback()).listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
