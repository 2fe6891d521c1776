-- A version of each conversation's member set, so a process may keep the member ids it read
-- (MemberIdCache) and read them again only when they changed. Every insert or delete of a member
-- row (and an update that moves one) sets its conversation's member_version to a new value of a
-- sequence. A sequence never hands out a value twice, not even to a transaction that rolls back,
-- so a version names one member set for good: a process that read a version and its ids inside
-- a transaction that was undone keeps a version nobody will read again.
CREATE SEQUENCE member_versions;

ALTER TABLE conversations ADD COLUMN member_version BIGINT NOT NULL DEFAULT nextval('member_versions');

-- a row trigger, not a statement trigger: it runs only for rows inserted or deleted, so the upsert
-- of read markers that every post makes (ON CONFLICT DO UPDATE) costs nothing more
-- (its names resolve in this schema, whatever the search path of the session that changes members)
CREATE FUNCTION members_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE conversations SET member_version = nextval('member_versions') WHERE id = OLD.conversation_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE conversations SET member_version = nextval('member_versions') WHERE id = NEW.conversation_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER members_changed AFTER INSERT OR DELETE OR UPDATE OF conversation_id, user_id ON members
  FOR EACH ROW EXECUTE FUNCTION members_changed();
