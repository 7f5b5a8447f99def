-- Title bigrams in time linear in the title, and at most the first 2,000 characters of it
-- (issue "Hostile input"): the first version called substr(t, i, 2) for every i, and substr on
-- multibyte text walks from the start, so a 500,000-character Chinese title took hours inside the
-- store's INSERT and froze the process. The same set of bigrams for any title up to the cap;
-- titles are limited to 1,000 characters at the edge, so the cap only bounds what a foreign writer
-- puts on a notice topic.
CREATE OR REPLACE FUNCTION ggzy_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
      FROM (SELECT lower(c || lead(c) OVER (ORDER BY n)) AS g
              FROM unnest(string_to_array(left(t, 2000), NULL)) WITH ORDINALITY AS u(c, n)) AS grams
     WHERE g IS NOT NULL
  $$;
