// Which county-level units a piece of text names: "加快长葛市产业集聚区、禹州市产业集聚区…"
// names 长葛市政府 and 禹州市政府, "禹州高新区" names 禹州市政府. Used for tasks whose unit line
// says only "各有关县(市、区)", so the counties the task itself names are reminded.
import { normalizeText } from "./normalize-text";
import type { UnitEntry, UnitName } from "./types";
import type { UnitDirectory } from "./unit-directory";

/** The county-level units named in text, in directory order. */
export function countiesNamedIn(text: string, directory: UnitDirectory): UnitName[] {
  const t = normalizeText(text).replace(/\s+/g, "");
  return directory.entries.filter((e) => e.kind === "county" && placesOf(e).some((p) => t.includes(p))).map((e) => e.name);
}

/**
 * The unit's own place name — "禹州市政府" → "禹州市", "市东城区管委会" → "东城区" — and the
 * directory's `places`. A derived name shorter than three characters is dropped: "示范区" or
 * "新区" would match unrelated phrases.
 */
export function placesOf(e: UnitEntry): string[] {
  const own = e.name.replace(/(?:人民)?政府$|管委会$|管理委员会$/, "").replace(/^市(?=.{3,})/, "");
  return [...(own.length >= 3 && own !== e.name ? [own] : []), ...(e.places ?? [])].map((p) => normalizeText(p).replace(/\s+/g, ""));
}
