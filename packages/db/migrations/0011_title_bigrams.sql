-- Title search by bigrams (two-character runs). Chinese titles have no spaces, and the most
-- searched words have two characters (道路, 学校, 绿化): a trigram index cannot serve a two-character
-- `%…%` pattern, so such searches read the whole table. `notices.title_bigrams` (next migration,
-- a generated column) holds every distinct lower-cased bigram of the title under a GIN index; a
-- search asks for the titles holding all bigrams of its words, then checks each word is there.
-- IMMUTABLE, so a generated column may use it: it depends on its argument only.
CREATE OR REPLACE FUNCTION ggzy_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
      FROM (SELECT lower(substr(t, i, 2)) AS g FROM generate_series(1, greatest(char_length(t) - 1, 0)) AS i) AS grams
  $$;
--> statement-breakpoint
-- The trigram index on titles served `title ILIKE '%…%'`; the bigram index replaces it, and a
-- million-row GIN index nobody reads only slows every store write.
DROP INDEX IF EXISTS notices_title_trgm_idx;
