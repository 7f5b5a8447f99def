/**
 * Title search by bigrams: the store writes every distinct lower-cased two-character run of a
 * title beside it (`notices.title_bigrams`, under a GIN index) and the query API asks for the
 * bigrams of each searched word (`title_bigrams @> …`). Both sides call these functions, so a
 * title and a word are cut the same way. Computed here rather than by the database: the SQL
 * function that did it (`ggzy_bigrams`, migration 0011) cost the server about 80 µs a notice,
 * a tenth of its whole work per stored notice in the default mode.
 */

/**
 * Characters of a title that are cut into bigrams. Titles are limited to 1,000 characters at the
 * edge; the cap bounds what a foreign writer puts on a notice topic.
 */
export const TITLE_BIGRAM_CHARACTERS = 2_000;

/**
 * Every distinct two-character run of the text, each character lower-cased, in first-seen order. Characters are
 * code points (an astral character is one), as PostgreSQL counts them; only the first
 * {@link TITLE_BIGRAM_CHARACTERS} are read. A text of fewer than two characters has none.
 */
export function titleBigrams(text: string): string[] {
  const characters: string[] = [];
  for (const character of text) {
    // One character at a time: no context (a Greek final sigma), so a word and a title containing
    // it lower-case their common characters alike.
    characters.push(character.toLowerCase());
    if (characters.length === TITLE_BIGRAM_CHARACTERS) break;
  }
  const seen = new Set<string>();
  for (let i = 1; i < characters.length; i += 1) seen.add(characters[i - 1]! + characters[i]!);
  return [...seen];
}

/** The words of a title search: runs between spaces (ASCII or full-width). */
export function titleWords(q: string): string[] {
  return q.split(/[\s\u3000]+/).filter((word) => word.length > 0);
}
