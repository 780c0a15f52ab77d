import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteLength } from "../../../src/platforms/split-bytes";
import { postToResponseUrl, RESPONSE_URL_MARKDOWN_BYTES } from "../../../src/platforms/wecom/response-url";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { APP } from "./keys";

let fake: FakeWecomApi;
beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
});
afterAll(() => fake?.close());

describe("postToResponseUrl", () => {
  it("posts markdown once, cut to the markdown limit when longer", async () => {
    expect(await postToResponseUrl(fake.responseUrl("a"), "已收到")).toEqual({ ok: true });
    const long = "任务进展\n".repeat(400);
    expect(await postToResponseUrl(fake.responseUrl("b"), long)).toEqual({ ok: true, truncated: true });
    const [, second] = fake.requestsTo("/cgi-bin/aibot/response");
    expect(byteLength(second!.body.markdown.content)).toBeLessThanOrEqual(RESPONSE_URL_MARKDOWN_BYTES);
  });

  it("refuses non-http URLs", async () => {
    expect(await postToResponseUrl("file:///etc/passwd", "x")).toMatchObject({ ok: false, retryable: false });
    expect(await postToResponseUrl("", "x")).toMatchObject({ ok: false, retryable: false });
  });
});
