// WeCom's callback XML is flat: <xml><Field>value</Field>…</xml>, values in CDATA or not.
// Parsed with fast-xml-parser (validated first: its parser is lenient); every value stays a
// string — MsgId is a 64-bit integer that a JS number would round.
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { WecomRequestError } from "./errors";

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});
const builder = new XMLBuilder({ cdataPropName: "__cdata" });

/** The string fields under <xml>; anything that is not such a document is a 400. */
export function parseFlatXml(text: string, what: string): Record<string, string> {
  // WeCom never sends a document type; entity declarations are only ever an attack.
  if (text.toUpperCase().includes("<!DOCTYPE")) throw new WecomRequestError("malformed_body", `${what} must not declare a DOCTYPE`);
  if (XMLValidator.validate(text) !== true) throw new WecomRequestError("malformed_body", `${what} is not well-formed XML`);
  const doc: unknown = parser.parse(text);
  const root = doc && typeof doc === "object" ? (doc as Record<string, unknown>).xml : undefined;
  if (!root || typeof root !== "object" || Array.isArray(root)) {
    throw new WecomRequestError("malformed_body", `${what} has no <xml> root element`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    // A repeated or nested element is not something WeCom sends: leave it out, so a field
    // that matters is then reported missing rather than guessed at.
    if (typeof value === "string") fields[name] = value;
  }
  return fields;
}

/** Builds <xml>…</xml>: strings go into CDATA (so any text is safe), numbers stay bare. */
export function buildFlatXml(fields: Record<string, string | number>): string {
  const xml: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) xml[name] = typeof value === "number" ? value : { __cdata: value };
  return builder.build({ xml }) as string;
}
