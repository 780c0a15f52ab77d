// Vendors limit a message by its UTF-8 byte length (WeCom text 2048, markdown 4096; a
// Chinese character is 3 bytes). Long texts are split into parts that each fit, in order,
// at line breaks where possible, never inside a character.

/** UTF-8 bytes of a string, counted without encoding it (Buffer.byteLength allocates nothing). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function splitByBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new Error("maxBytes must leave room for one character");
  if (byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current = "";
  const flush = () => {
    if (current) parts.push(current);
    current = "";
  };
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (byteLength(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    flush();
    if (byteLength(line) <= maxBytes) {
      current = line;
      continue;
    }
    // A single line longer than the limit: cut it between characters.
    for (const ch of line) {
      if (byteLength(current + ch) > maxBytes) flush();
      current += ch;
    }
  }
  flush();
  return parts;
}
