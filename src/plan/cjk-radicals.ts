// CJK Radicals Supplement characters (U+2E80–U+2EF3) as the ideographs they look like. PDF
// text extraction produces them: a font draws "民" and "⺠" with one glyph, and the
// extractor may name the glyph by the radical. Unlike the Kangxi radicals (U+2F00–U+2FDF),
// almost none have an NFKC mapping, so normalizeText maps them with this table (from
// Unicode's EquivalentUnifiedIdeograph data, for the characters that occur as whole ones).
const PAIRS =
  "⺁厂⺅亻⺆冂⺉刂⺊卜⺌小⺎兀⺒巳⺓幺⺖忄⺗心⺘扌⺙攵⺝月⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺦丬⺧牛⺨犭⺩王⺫目⺬示⺭礻⺮竹⺯糸⺰纟⺶羊⺹耂⺾艹⻁虎⻂衤⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻏阝⻐钅⻑長⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟";

const MAP = new Map<string, string>();
for (let i = 0; i < PAIRS.length; i += 2) MAP.set(PAIRS[i]!, PAIRS[i + 1]!);

export function replaceRadicals(s: string): string {
  return /[\u2e80-\u2eff]/.test(s) ? s.replace(/[\u2e80-\u2eff]/g, (ch) => MAP.get(ch) ?? ch) : s;
}
