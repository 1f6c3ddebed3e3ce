-- Search (docs/SPEC.md, SE1-SE12): one row of searchable text per case, a weighted tsvector in the `danish`
-- configuration generated from it, and a GIN index. The case mirror writes the document's fields; the triggers
-- below keep the description and the case's forum, status and creation time (copied, so the ranked query reads this
-- table alone), and empty the text when retention wipes a document (RT3).

-- CreateTable
CREATE TABLE "CaseSearch" (
    "caseId" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT NOT NULL DEFAULT '',
    "concern" TEXT NOT NULL DEFAULT '',
    "sos" TEXT NOT NULL DEFAULT '',
    "voice" TEXT NOT NULL DEFAULT '',
    "houses" TEXT NOT NULL DEFAULT '',
    "network" TEXT NOT NULL DEFAULT '',
    "actions" TEXT NOT NULL DEFAULT '',
    "tsv" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('danish'::regconfig, "description"), 'A') ||
        setweight(to_tsvector('danish'::regconfig, "actions"), 'B') ||
        setweight(to_tsvector('danish'::regconfig, "sos"), 'B') ||
        setweight(to_tsvector('danish'::regconfig, "concern"), 'C') ||
        setweight(to_tsvector('danish'::regconfig, "voice"), 'C') ||
        setweight(to_tsvector('danish'::regconfig, "houses"), 'C') ||
        setweight(to_tsvector('danish'::regconfig, "network"), 'D')
    ) STORED,
    "hasContent" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseSearch_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "CaseSearch_tsv_idx" ON "CaseSearch" USING GIN ("tsv");

-- AddForeignKey
ALTER TABLE "CaseSearch" ADD CONSTRAINT "CaseSearch_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- SE5, SE6: what the database writes itself never holds a CPR number either (shared/cpr.ts: DDMMYY-XXXX, DDMMYY XXXX
-- or DDMMYYXXXX with a possible day and month), nor a control character (the snippets' markers are U+0002, U+0003),
-- as index-text.ts cleans what the mirror writes.
CREATE FUNCTION samraad_search_clean(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(
    regexp_replace(t, E'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]', ' ', 'g'),
    '(?<![0-9])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[- ]?[0-9]{4}(?![0-9])', '[CPR-nummer fjernet]', 'g')
$$;

-- SE2: every case has its row from the start, with its description, forum, status and creation time; a change of
-- any of them is in the index at once (closing a case, RT2; anonymising it, RT3).
CREATE FUNCTION samraad_search_case_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CaseSearch" ("caseId", "forumId", "status", "createdAt", "description")
  VALUES (NEW.id, NEW."forumId", NEW.status, NEW."createdAt", samraad_search_clean(NEW.description))
  ON CONFLICT ("caseId") DO UPDATE SET "forumId" = EXCLUDED."forumId", "status" = EXCLUDED."status",
    "createdAt" = EXCLUDED."createdAt", "description" = EXCLUDED."description", "updatedAt" = now();
  RETURN NULL;
END $$;

CREATE TRIGGER "Case_search_row" AFTER INSERT OR UPDATE OF "description", "forumId", "status", "createdAt" ON "Case"
  FOR EACH ROW EXECUTE FUNCTION samraad_search_case_row();

-- SE10: when retention wipes a case document (RT3, anonymise), its text leaves the index in the same transaction
-- (RT1, delete, removes the row with the case through the foreign key).
CREATE FUNCTION samraad_search_document_wiped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CaseSearch" SET "concern" = '', "sos" = '', "voice" = '', "houses" = '', "network" = '', "actions" = '', "hasContent" = true,
         "updatedAt" = now()
   WHERE "caseId" IN (SELECT id FROM "Case" WHERE "documentId" = OLD."documentId");
  RETURN NULL;
END $$;

CREATE TRIGGER "DocSnapshot_search_wipe" AFTER DELETE ON "DocSnapshot"
  FOR EACH ROW EXECUTE FUNCTION samraad_search_document_wiped();

-- SE9: the cases that exist now get their description at once; their documents are read by the backfill.
INSERT INTO "CaseSearch" ("caseId", "forumId", "status", "createdAt", "description", "hasContent")
  SELECT id, "forumId", status, "createdAt", samraad_search_clean(description), false FROM "Case";
