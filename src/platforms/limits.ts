// The message sizes the conversation and the reminders write to, so that every platform can
// carry them whole: the strictest of the vendors' limits (UTF-8 bytes; a Chinese character is
// 3). WeCom text, in replies and group robot pushes, allows 2048; WeCom markdown and DingTalk
// allow more. The adapters still split anything longer (see split-bytes.ts).
export const MESSAGE_MAX_BYTES = 2048;
