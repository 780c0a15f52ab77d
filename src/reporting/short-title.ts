// A task's text is a paragraph; lists on a phone need a few words. Take the first clause and
// cut it to a width a phone line holds.
export function shortTitle(text: string, max = 14): string {
  const first = text.split(/[，,。；;：:]/)[0] ?? text;
  const chars = [...first.trim()];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}

/** The text cut to `max` characters, with "…" when cut; line breaks become spaces. */
export function truncate(text: string, max: number): string {
  const chars = [...text.replace(/\s*\n\s*/g, " ").trim()];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}
