// "收到", "好的，马上报", "明白", "👍", "ok": an answer to a reminder that reports nothing.
// Nothing is stored (it would mark tasks 已报 that nobody reported); the reply says what a
// report needs, with the reader's own task number.
import { command } from "../command";
import { isAcknowledgement } from "../content";
import { acknowledgementReply } from "./report";

export const acknowledgement = command({
  name: "acknowledgement",
  writes: false,
  access: "member",
  parse: (text) => (isAcknowledgement(text) ? {} : null),
  run: (turn) => acknowledgementReply(turn),
});
