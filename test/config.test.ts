import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, platformStatus } from "../src/config";

const AES = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

describe("loadConfig", () => {
  it("starts with no platform credentials, on SQLite, port 3000", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe("file:./data/duban.db");
    expect(platformStatus(c)).toEqual({ "wecom-app": false, "wecom-bot": false, dingtalk: false });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with file:/);
    expect(() => loadConfig({ DUBAN_NOW: "yesterday" })).toThrow(/DUBAN_NOW/);
    expect(() => loadConfig({ WECOM_CORP_ID: "c", WECOM_TOKEN: "t", WECOM_ENCODING_AES_KEY: "short" })).toThrow(
      /WECOM_ENCODING_AES_KEY: must be the 43-character EncodingAESKey/,
    );
  });

  it("rejects a half-configured platform, naming what is missing", () => {
    const err = (() => {
      try {
        loadConfig({ WECOM_CORP_ID: "wx5823bf96d3bd56c7" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toContain("WECOM_TOKEN, WECOM_ENCODING_AES_KEY: required when WECOM_CORP_ID is set");
  });

  it("treats empty values as unset and parses a full platform section", () => {
    const c = loadConfig({
      PORT: "",
      WECOM_CORP_ID: "wx5823bf96d3bd56c7",
      WECOM_TOKEN: "QDG6eK",
      WECOM_ENCODING_AES_KEY: AES,
      WECOM_AGENT_ID: "1000002",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
      DUBAN_NOW: "2020-03-24T09:00:00+08:00",
    });
    expect(c.port).toBe(3000);
    expect(c.wecom.app).toMatchObject({ corpId: "wx5823bf96d3bd56c7", agentId: 1000002 });
    expect(platformStatus(c)["wecom-app"]).toBe(true);
    expect(c.now?.toISOString()).toBe("2020-03-24T01:00:00.000Z");
  });
});

describe("dashboard sign-in configuration", () => {
  const wecomApp = { WECOM_CORP_ID: "wx5823bf96d3bd56c7", WECOM_TOKEN: "QDG6eK", WECOM_ENCODING_AES_KEY: AES };

  it("offers WeCom sign-in only with the app's AgentID and Secret, DingTalk with the app key and secret", () => {
    expect(loadConfig({}).signIn).toEqual({ trustProxy: 0, publicUrl: undefined, wecom: undefined, dingtalk: undefined });
    expect(loadConfig(wecomApp).signIn.wecom).toBeUndefined();
    const c = loadConfig({ ...wecomApp, WECOM_AGENT_ID: "1000002", WECOM_SECRET: "s", DINGTALK_APP_KEY: "k", DINGTALK_APP_SECRET: "ds", DUBAN_PUBLIC_URL: "https://duban.example.gov.cn", DUBAN_TRUST_PROXY: "1" });
    expect(c.signIn).toMatchObject({
      publicUrl: "https://duban.example.gov.cn",
      trustProxy: 1,
      wecom: { corpId: "wx5823bf96d3bd56c7", agentId: 1000002, secret: "s", loginBase: "https://login.work.weixin.qq.com", apiBase: "https://qyapi.weixin.qq.com" },
      dingtalk: { clientId: "k", clientSecret: "ds", loginBase: "https://login.dingtalk.com", apiBase: "https://api.dingtalk.com", oapiBase: "https://oapi.dingtalk.com" },
    });
    expect(() => loadConfig({ DUBAN_TRUST_PROXY: "many" })).toThrow(/DUBAN_TRUST_PROXY/);
    expect(() => loadConfig({ DUBAN_PUBLIC_URL: "duban.example" })).toThrow(/DUBAN_PUBLIC_URL/);
  });
});
