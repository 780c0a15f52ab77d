// The webhook baseline, in a process of its own like the server it is compared with: a bare
// Koa route that does only what any WeCom app callback must — read the body, parse the XML
// envelope, check the signature, decrypt, parse the message XML, build a reply XML, encrypt
// and sign it — with the same @wecom/crypto calls and the same XML library (fast-xml-parser)
// as duban. duban's full path ÷ this is the share of the machine left to the conversation
// itself. Prints its base URL on stdout.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Koa from "koa";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { APP } from "../test/platforms/wecom/keys";

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true });
const builder = new XMLBuilder({ cdataPropName: "__cdata" });

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const ciphertext = String((parser.parse(body) as { xml: { Encrypt?: string } }).xml.Encrypt ?? "");
  const q = ctx.query as Record<string, string | undefined>;
  const [timestamp, nonce] = [q.timestamp ?? "", q.nonce ?? ""];
  if (getSignature(APP.token, timestamp, nonce, ciphertext) !== q.msg_signature) ctx.throw(401);
  const inner = (parser.parse(decrypt(APP.encodingAesKey, ciphertext).message) as { xml: Record<string, string> }).xml;
  // The reply echoes the message's text (the load generator checks it).
  const message = builder.build({
    xml: { ToUserName: { __cdata: inner.FromUserName }, FromUserName: { __cdata: APP.corpId }, CreateTime: Math.floor(Date.now() / 1000), MsgType: { __cdata: "text" }, Content: { __cdata: inner.Content } },
  }) as string;
  const ts = String(Math.floor(Date.now() / 1000));
  const n = String(randomBytes(5).readUIntBE(0, 5));
  const sealed = encrypt(APP.encodingAesKey, message, APP.corpId);
  ctx.type = "application/xml";
  ctx.body = builder.build({ xml: { Encrypt: { __cdata: sealed }, MsgSignature: { __cdata: getSignature(APP.token, ts, n, sealed) }, TimeStamp: Number(ts), Nonce: { __cdata: n } } }) as string;
});
const server = createServer(app.callback()).listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
