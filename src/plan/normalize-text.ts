// One normal form for text typed by people or extracted from Word/PDF files, so that "１．",
// "（一）", "责任单位：" and "1.", "(一)", "责任单位:" look the same to the parser and to the
// chat layer.
//
// Why not plain `s.normalize("NFKC")`: NFKC does what we need for full-width ASCII and the
// Kangxi radicals PDF extraction produces ("⼯" → "工"), and it leaves “” ‘’ 、 。 《》 〔〕 alone;
// but it also rewrites characters whose meaning we must keep: "…" → "...", "①" → "1",
// "²" → "2" and "㎡" → "m2" (so "100㎡" would read as the number 1002). So NFKC is applied
// per character, only to the blocks listed below; everything else passes through unchanged.
import { replaceRadicals } from "./cjk-radicals";

/** Blocks whose NFKC form is what we want. */
const COMPAT_BLOCKS: readonly [number, number][] = [
  [0xff01, 0xff64], // full-width ASCII (１ Ａ （ ） ： ， ； ． ～) and half-width ｡ ｢ ｣ ､ → 。「」、
  [0xfe50, 0xfe6b], // small form variants ﹐ ﹔ ﹕ → , ; :
  [0x2e80, 0x2fdf], // Kangxi radicals → the ordinary ideographs (the supplement: cjk-radicals.ts)
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0x2f800, 0x2fa1f], // CJK compatibility ideographs supplement
];

/** NBSP, en/em/thin spaces, narrow NBSP, ideographic space: all become a plain space. */
const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
/** Zero-width characters and a stray BOM carry nothing and break exact matches. */
const INVISIBLES = /[\u200b-\u200d\u2060\ufeff]/g;

function inCompatBlock(cp: number): boolean {
  return COMPAT_BLOCKS.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/**
 * Full-width digits, letters and ASCII punctuation → half-width; odd spaces → " "; invisible
 * characters removed; trimmed. Chinese punctuation (、 。 “ ” 《 》 〔 〕) is kept as is.
 */
export function normalizeText(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += inCompatBlock(cp) ? ch.normalize("NFKC") : ch;
  }
  return replaceRadicals(out).replace(INVISIBLES, "").replace(SPACES, " ").trim();
}
