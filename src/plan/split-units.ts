// Splits a 责任单位 list ("市发展改革委、市财政局等,各县(市、区)政府(管委会)") into its items,
// as written. Resolving the items against the unit directory is the caller's job.

/** List separators, full and half width. */
const SEPARATORS = new Set(["、", ",", "，", ";", "；"]);

/** Opening bracket → closing bracket. Separators inside never split: "各县(市、区)政府". */
const CLOSERS: Record<string, string> = {
  "(": ")",
  "（": ")",
  "[": "]",
  "［": "]",
  "【": "】",
  "〔": "〕",
  "“": "”",
  "‘": "’",
  "《": "》",
};
/** Full-width closers compared in their half-width form, so "（…)" still closes. */
const SAME_CLOSER: Record<string, string> = { "）": ")", "］": "]" };

/**
 * The items of a unit list, trimmed, in order. Splits at 、 , ， ; ； and at the word 及
 * ("市医疗保障局及市直有关部门"), never inside brackets or “…” quotes. A trailing "等" (also
 * "等单位", "等有关部门") closes an item and is dropped: it is not part of a unit's name.
 */
export function splitUnits(list: string): string[] {
  // "各县、市、区政府" is "各县(市、区)政府" written without brackets, not three units.
  // "省牵头单位:省商务厅" after a city's list names the province's counterpart: a note.
  const chars = [...list.replace(/(各(?:有关)?县)、(市)、(区)/g, "$1($2、$3)").replace(/[\s,;，；]*(?:省|国家|中央|部)级?牵头(?:单位|部门)\s*[:：].*$/, "")];
  const items: string[] = [];
  const open: string[] = []; // closers we are waiting for, innermost last
  let cur = "";
  const flush = () => {
    const item = cleanItem(cur);
    if (item) items.push(item);
    cur = "";
  };

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    if (open.length === 0) {
      if (SEPARATORS.has(ch)) {
        flush();
        continue;
      }
      // "及" joins two units; "及其" ("and its") does not, and "以及" is the same word as "及".
      if (ch === "及" && next !== undefined && next !== "其" && cur.trim() !== "") {
        cur = cur.replace(/以$/, "");
        flush();
        continue;
      }
      // "市商务局等各县(市、区)政府": "等" closes the list even without a separator.
      if (ch === "等" && next === "各") {
        flush();
        continue;
      }
    }
    const closer = CLOSERS[ch];
    if (closer) open.push(closer);
    else if (open.length > 0 && (SAME_CLOSER[ch] ?? ch) === open[open.length - 1]) open.pop();
    cur += ch;
  }
  flush();
  return shareSuffix(items);
}

/**
 * "黄埔区、南沙区政府": one 政府 written once for two places. A bare place name ("黄埔区")
 * right before an item that is that kind of place plus a body takes the body too.
 */
function shareSuffix(items: string[]): string[] {
  const out = [...items];
  for (let i = out.length - 2; i >= 0; i--) {
    const next = /^\p{Script=Han}{1,8}?([区县市镇乡])((?:人民)?政府)$/u.exec(out[i + 1]!);
    const bare = /^\p{Script=Han}{1,8}([区县市镇乡])$/u.exec(out[i]!);
    if (next && bare && bare[1] === next[1] && !/^各/.test(out[i]!)) out[i] = `${out[i]}${next[2]}`;
  }
  return out;
}

/**
 * A note in brackets about the list rather than a unit: "(列第一位为牵头单位,下同)",
 * "(排名第一的为牵头单位)", "(省牵头单位:省发展改革委)".
 */
const NOTE = /[(（][^()（）]*(?:下同|第一位|首位|排名第一|为牵头|牵头单位|为准)[^()（）]*[)）]/g;

function cleanItem(raw: string): string {
  return raw
    .replace(NOTE, "")
    .trim()
    .replace(/[。.]+$/, "")
    .replace(/等(?:有关)?(?:单位|部门)?$/, "")
    .trim();
}
