// 完成时限 values that name no date on purpose: the task runs all year or recurs. They give
// no deadline and, unlike a date the parser cannot read, no warning.
import { normalizeText } from "./normalize-text";

const OPEN_ENDED = /^(?:持续(?:推进|开展|实施|抓好)?|长期(?:坚持|推进)?|常态化(?:推进|开展)?|每(?:月|季度?|半年|年)(?:末|底)?(?:报送|报告)?|按(?:月|季度?|年)(?:推进|报送)?|全年(?:推进)?)$/;

export function isOpenEnded(raw: string): boolean {
  const parts = normalizeText(raw)
    .split(/[,;、\s]+/)
    .map((part) => part.replace(/[。.]+$/, ""))
    .filter(Boolean);
  return parts.length > 0 && parts.every((part) => OPEN_ENDED.test(part));
}
