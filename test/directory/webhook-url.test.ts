// Robot webhook URLs are checked when a group is bound, each refusal with its reason.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors";
import { checkWebhookUrl } from "../../src/directory/webhook-url";

const refusal = (platform: "wecom" | "dingtalk", url: string, bases?: { wecom: string; dingtalk: string }): string => {
  try {
    checkWebhookUrl(platform, url, bases);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return "accepted";
};

describe("checkWebhookUrl", () => {
  it("accepts the vendors' own robot URLs", () => {
    expect(refusal("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx")).toBe("accepted");
    expect(refusal("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc123")).toBe("accepted");
  });

  it("refuses plain http: the URL carries the robot's key", () => {
    expect(refusal("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")).toContain("必须是 https:// 地址");
    expect(refusal("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=t")).toContain("必须是 https:// 地址");
  });

  it("refuses the other platform's robot, saying whose it is", () => {
    expect(refusal("wecom", "https://oapi.dingtalk.com/robot/send?access_token=t")).toContain("这是钉钉机器人的地址，不能绑定到企业微信群");
    expect(refusal("dingtalk", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")).toContain("这是企业微信群机器人的地址，不能绑定到钉钉群");
  });

  it("refuses a URL that is no robot at all, showing the right shape", () => {
    expect(refusal("wecom", "https://example.com/hook")).toContain("不是企业微信群机器人地址，应形如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
    expect(refusal("dingtalk", "https://example.com/hook")).toContain("不是钉钉机器人地址");
    expect(refusal("wecom", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")).toContain("不是网址");
  });

  it("refuses a robot URL without its key or token", () => {
    expect(refusal("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send")).toContain("缺少 key=…");
    expect(refusal("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=")).toContain("缺少 key=…");
    expect(refusal("dingtalk", "https://oapi.dingtalk.com/robot/send?timestamp=1")).toContain("缺少 access_token=…");
  });

  it("follows the configured bases (private deployment, local fake)", () => {
    const bases = { wecom: "http://127.0.0.1:4010", dingtalk: "https://oapi.dingtalk.com" };
    expect(refusal("wecom", "http://127.0.0.1:4010/cgi-bin/webhook/send?key=k", bases)).toBe("accepted");
    expect(refusal("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", bases)).toContain("应为 http:// 地址");
  });
});
