// Every sentence duban says lives in templates/zh-CN.yaml; code only picks a key and fills
// placeholders. Interpolation is hand-written: `{name}` replacement is a few lines, and a
// template engine (mustache, handlebars) would bring HTML escaping and logic we must not
// have in chat text.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

type Tree = { [key: string]: string | Tree };
export type Vars = Record<string, string | number | undefined | null>;

export interface Templates {
  /** The filled template at a dotted key; throws on an unknown key (a bug, not user input). */
  t(key: string, vars?: Vars): string;
}

export const DEFAULT_TEMPLATES = fileURLToPath(new URL("../templates/zh-CN.yaml", import.meta.url));

/**
 * Chat templates kept in their own files, beside zh-CN.yaml, each owning its top-level keys
 * (fewer merge conflicts between features): merged into the default templates.
 */
export const EXTRA_TEMPLATES = ["ladder.zh-CN.yaml"].map((f) => fileURLToPath(new URL(`../templates/${f}`, import.meta.url)));

export function loadTemplates(path = DEFAULT_TEMPLATES): Templates {
  const tree = parse(readFileSync(path, "utf8")) as Tree;
  if (path === DEFAULT_TEMPLATES) {
    for (const extra of EXTRA_TEMPLATES) {
      for (const [key, value] of Object.entries(parse(readFileSync(extra, "utf8")) as Tree)) {
        if (key in tree) throw new Error(`template key "${key}" of ${extra} is already in ${path}`);
        tree[key] = value;
      }
    }
  }
  return createTemplates(tree);
}

export function createTemplates(tree: Tree): Templates {
  return {
    t(key, vars = {}) {
      let node: string | Tree | undefined = tree;
      for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
      if (typeof node !== "string") throw new Error(`no template "${key}"`);
      return node.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const v = vars[name];
        if (v === undefined) throw new Error(`template "${key}" needs {${name}}`);
        return v === null ? "" : String(v);
      });
    },
  };
}
