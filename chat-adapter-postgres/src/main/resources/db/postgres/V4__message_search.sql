-- Full-text search over message bodies: each message's words (case and accents folded, no
-- stemming, as the core reads text: SearchText) in a generated column, and a GIN index on them.
-- The column follows every post, edit and deletion in the writing statement itself, so an edited
-- message's old text and a deleted message (body '') are never found.
--
-- unaccent ships with PostgreSQL's contrib (Debian's postgresql package); it is a trusted
-- extension, so the database's owner may create it. It goes into public, once per database,
-- shared by every schema. unaccent() is only STABLE (its dictionary could be changed), and an
-- index or generated column needs IMMUTABLE: the usual wrapper names the dictionary itself.
-- (checked first: IF NOT EXISTS would log a warning on every later schema)
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    CREATE EXTENSION unaccent SCHEMA public;
  END IF;
END
$$;

CREATE FUNCTION search_words(body TEXT) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN pg_catalog.to_tsvector('pg_catalog.simple'::regconfig,
    public.unaccent('public.unaccent'::regdictionary, body));

-- a query the same way: "word & word & last:*", folded by the core, unaccented here as the bodies
CREATE FUNCTION search_query(query TEXT) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN pg_catalog.to_tsquery('pg_catalog.simple'::regconfig,
    public.unaccent('public.unaccent'::regdictionary, query));

ALTER TABLE messages ADD COLUMN words tsvector GENERATED ALWAYS AS (search_words(body)) STORED;
CREATE INDEX messages_by_words ON messages USING gin (words);
