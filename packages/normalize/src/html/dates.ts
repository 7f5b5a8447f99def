const DATE_TIME =
  /^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时点]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?\s*[分秒]?)?/u;

/** The date at the start of a value, without what a page prints after it (`2024-07-02 09:30 浏览次数：128`). */
export function dateOnly(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return (DATE_TIME.exec(text)?.[0] ?? text).replace(/\s+/gu, ' ').trim();
}
