// Order-preserving access to Office Open XML parts (fast-xml-parser's preserveOrder form): in
// word/document.xml the order of paragraphs, runs and tables is the document.
import { XMLParser } from "fast-xml-parser";

/** One element: { "w:p": [children], ":@": { "w:val": "…" } }, or a text node { "#text": "…" }. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

export function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

export function tagOf(node: XmlNode): string {
  for (const k of Object.keys(node)) if (k !== ":@") return k;
  return "";
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const v = node[tagOf(node)];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  return (node[":@"] as Record<string, string> | undefined)?.[name];
}

export function child(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((c) => tagOf(c) === tag);
}

export function childrenNamed(node: XmlNode, tag: string): XmlNode[] {
  return childrenOf(node).filter((c) => tagOf(c) === tag);
}

/** The value of <tag w:val="…"/> under node, if present. */
export function valOf(node: XmlNode | undefined, tag: string): string | undefined {
  const c = node && child(node, tag);
  return c ? attrOf(c, "w:val") : undefined;
}

/** First element named tag at the top of a parsed part or anywhere below. */
export function find(nodes: XmlNode[], tag: string): XmlNode | undefined {
  for (const n of nodes) {
    if (tagOf(n) === tag) return n;
    const deeper = find(childrenOf(n), tag);
    if (deeper) return deeper;
  }
  return undefined;
}
