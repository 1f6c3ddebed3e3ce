-- The update log's foreign key checked and key-share locked the "Document" row once per log row, that is once per
-- keystroke, and that lock (a write to the document's row, a MultiXact when two batches hold it) was about half of
-- PostgreSQL's CPU per keystroke (bench/pg-row-cost.ts). Now (docs/SPEC.md D7, decision 0018): the group commit
-- stores only the updates of documents it finds (server/collab/store.ts), and deleting documents locks the log
-- against inserts first. Every insert into the log holds ROW EXCLUSIVE on it from before its statement takes its
-- snapshot until it commits, so the delete waits for the batches in flight, and a batch that starts later waits for
-- the delete's commit and then no longer finds the document. The log rows of a deleted document are deleted with
-- it, as ON DELETE CASCADE did.

-- DropForeignKey
ALTER TABLE "DocUpdate" DROP CONSTRAINT "DocUpdate_documentId_fkey";

-- Once per DELETE statement on "Document" (also one cascaded from a forum), before any row is locked: the same
-- order as a batch's (the log, then a document row through DocClient's key), so the two cannot deadlock.
CREATE FUNCTION "DocUpdate_lock_for_document_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Under REPEATABLE READ the deleting statement's snapshot would be older than the batches it waited for.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'documents are deleted under READ COMMITTED (docs/SPEC.md D7)';
  END IF;
  LOCK TABLE "DocUpdate" IN SHARE MODE;
  RETURN NULL;
END $$;

CREATE TRIGGER "DocUpdate_lock_for_document_delete" BEFORE DELETE ON "Document"
  FOR EACH STATEMENT EXECUTE FUNCTION "DocUpdate_lock_for_document_delete"();

CREATE FUNCTION "DocUpdate_delete_with_document"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Its own statement, with a snapshot taken after the lock above: it sees every batch that was in flight.
  DELETE FROM "DocUpdate" WHERE "documentId" = OLD.id;
  RETURN OLD;
END $$;

CREATE TRIGGER "DocUpdate_delete_with_document" AFTER DELETE ON "Document"
  FOR EACH ROW EXECUTE FUNCTION "DocUpdate_delete_with_document"();
