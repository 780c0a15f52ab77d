// No secret in any log line: URL parameters, secret fields, error texts, configured secrets.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets } from "../src/logger";

function capture() {
  let text = "";
  const destination = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { destination, text: () => text };
}

describe("logger", () => {
  it("masks webhook keys, access tokens, 加签 secrets and configured secrets wherever they appear", async () => {
    const out = capture();
    const log = createLogger("debug", "t", { destination: out.destination, secrets: ["app-secret-value-42", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"] });
    log.error({ err: new Error("request to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wh-key-0001 failed") }, "send failed");
    log.warn({ webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=dt-token-0002", group: { secret: "SECabcdef0123456789abcdef0123456789" } }, "bound");
    log.info(`gettoken?corpid=ww1&corpsecret=app-secret-value-42 with aes jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C`);
    log.info("signed with SEC0123456789abcdef0123456789abcdef and Bearer admin-tok-9");
    await new Promise((r) => setImmediate(r));
    const text = out.text();
    expect(text.split("\n").filter(Boolean)).toHaveLength(4);
    for (const secret of ["wh-key-0001", "dt-token-0002", "SECabcdef0123456789", "app-secret-value-42", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "SEC0123456789abcdef", "admin-tok-9"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("send?key=***");
    expect(JSON.parse(text.split("\n")[0]!)).toMatchObject({ level: 50, msg: "send failed" }); // still JSON
  });

  it("leaves ordinary text alone", () => {
    expect(scrubSecrets('{"msg":"reminders enqueued","key":"2020Q1:d7:group:1:part1"}')).toBe('{"msg":"reminders enqueued","key":"2020Q1:d7:group:1:part1"}');
  });
});
