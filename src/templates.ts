// Every sentence duban says lives in templates/zh-CN.yaml; code only picks a key and fills
// placeholders. Interpolation is hand-written: `{name}` replacement is a few lines, and a
// template engine (mustache, handlebars) would bring HTML escaping and logic we must not
// have in chat text.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
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
 * Chat sentences an area keeps in a file of its own beside zh-CN.yaml (fewer merge conflicts
 * in the shared file), merged key by key into the default templates. Files with their own
 * loader (ops, signin) are not listed. A key defined twice is a mistake and throws.
 */
export const AREA_TEMPLATES = ["extension.zh-CN.yaml", "cards.zh-CN.yaml", "ladder.zh-CN.yaml"];

export function loadTemplates(path = DEFAULT_TEMPLATES): Templates {
  const tree = parse(readFileSync(path, "utf8")) as Tree;
  if (path === DEFAULT_TEMPLATES) {
    for (const f of AREA_TEMPLATES) merge(tree, parse(readFileSync(join(dirname(path), f), "utf8")) as Tree, f);
  }
  return createTemplates(tree);
}

function merge(into: Tree, from: Tree, file: string, at = ""): void {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    if (existing === undefined) into[k] = v;
    else if (typeof existing === "object" && typeof v === "object") merge(existing, v, file, `${at}${k}.`);
    else throw new Error(`template "${at}${k}" in ${file} is already defined`);
  }
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
