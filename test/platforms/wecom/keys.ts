// Keys used across the WeCom tests: Tencent's published sample values, and our own.
export const SAMPLE = {
  token: "QDG6eK",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  corpId: "wx5823bf96d3bd56c7",
  verify: {
    msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    timestamp: "1409659589",
    nonce: "263014780",
    echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
  },
  echoPlaintext: "1616140317555161061",
};

export const APP = { corpId: "ww0000000000000001", token: "duBanAppToken", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", agentId: 1000002, secret: "app-secret" };
export const BOT = { token: "duBanBotToken", encodingAesKey: "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut" };
export const appKeys = { token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId };
export const botKeys = { token: BOT.token, encodingAesKey: BOT.encodingAesKey, receiveId: "" };
