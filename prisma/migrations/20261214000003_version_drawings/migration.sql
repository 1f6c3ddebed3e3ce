
-- AlterTable
ALTER TABLE "CaseVersion" ADD COLUMN     "drawingsKept" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "KeptDrawing" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "house" "ChildHouse" NOT NULL,
    "mime" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeptDrawing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseVersionDrawing" (
    "caseId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "house" "ChildHouse" NOT NULL,
    "drawingId" TEXT NOT NULL,

    CONSTRAINT "CaseVersionDrawing_pkey" PRIMARY KEY ("caseId","meetingId","house")
);

-- CreateIndex
CREATE INDEX "KeptDrawing_caseId_idx" ON "KeptDrawing"("caseId");

-- CreateIndex
CREATE INDEX "CaseVersionDrawing_drawingId_idx" ON "CaseVersionDrawing"("drawingId");

-- AddForeignKey
ALTER TABLE "KeptDrawing" ADD CONSTRAINT "KeptDrawing_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseVersionDrawing" ADD CONSTRAINT "CaseVersionDrawing_caseId_meetingId_fkey" FOREIGN KEY ("caseId", "meetingId") REFERENCES "CaseVersion"("caseId", "meetingId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseVersionDrawing" ADD CONSTRAINT "CaseVersionDrawing_drawingId_fkey" FOREIGN KEY ("drawingId") REFERENCES "KeptDrawing"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- FA9: versions concluded before this migration did not keep their drawings (what the houses showed then is not
-- known); versions from now on do.
UPDATE "CaseVersion" SET "drawingsKept" = false;

-- FA9: a drawing is bounded where it is stored: the re-encoded JPEG (at most 2000 px a side, decision 0015) fits in
-- 3 MiB (server/features/family/image.ts re-encodes more tightly when it would not).
ALTER TABLE "ChildDrawing" ADD CONSTRAINT "ChildDrawing_data_size_check" CHECK (octet_length("data") <= 3145728);
ALTER TABLE "KeptDrawing" ADD CONSTRAINT "KeptDrawing_data_size_check" CHECK (octet_length("data") <= 3145728);

-- FA9: when the chair concludes a case at a meeting (a CaseVersion is inserted, or concluded again), the drawings
-- the houses have then are kept with that version, in the same transaction: each drawing's bytes once per case
-- (KeptDrawing, keyed by the drawing's id, which a new upload changes), and which one each house had
-- (CaseVersionDrawing). Retention's anonymising rewrites only "content" and does not fire it.
CREATE FUNCTION "case_version_keep_drawings"() RETURNS trigger AS $$
BEGIN
  -- Concluding again replaces what this version kept (a drawing no version shows any more goes, below).
  DELETE FROM "CaseVersionDrawing" WHERE "caseId" = NEW."caseId" AND "meetingId" = NEW."meetingId";
  INSERT INTO "KeptDrawing" ("id", "caseId", "house", "mime", "width", "height", "data", "uploadedById", "uploadedAt")
  SELECT d."id", d."caseId", d."house", d."mime", d."width", d."height", d."data", d."uploadedById", d."uploadedAt"
    FROM "ChildDrawing" d WHERE d."caseId" = NEW."caseId"
  ON CONFLICT ("id") DO NOTHING;
  INSERT INTO "CaseVersionDrawing" ("caseId", "meetingId", "house", "drawingId")
  SELECT d."caseId", NEW."meetingId", d."house", d."id" FROM "ChildDrawing" d WHERE d."caseId" = NEW."caseId";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseVersion_keeps_drawings"
  AFTER INSERT OR UPDATE OF "concludedAt" ON "CaseVersion"
  FOR EACH ROW EXECUTE FUNCTION "case_version_keep_drawings"();

-- FA9: a kept drawing no version shows any more (its version concluded again, or deleted with its meeting) goes.
CREATE FUNCTION "kept_drawing_forget_unused"() RETURNS trigger AS $$
BEGIN
  DELETE FROM "KeptDrawing" k
   WHERE k."id" = OLD."drawingId"
     AND NOT EXISTS (SELECT 1 FROM "CaseVersionDrawing" v WHERE v."drawingId" = OLD."drawingId");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseVersionDrawing_forgets_unused"
  AFTER DELETE ON "CaseVersionDrawing"
  FOR EACH ROW EXECUTE FUNCTION "kept_drawing_forget_unused"();

-- FA9 (RT3): anonymising a closed case (its description becomes 'slettet') deletes the drawings its versions kept,
-- in the same transaction, as FA8 does with the case's own drawings. Deleting the case (RT1) cascades.
CREATE FUNCTION "kept_drawings_forget_anonymised_case"() RETURNS trigger AS $$
BEGIN
  DELETE FROM "KeptDrawing" WHERE "caseId" = NEW."id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Case_anonymised_forgets_kept_drawings"
  AFTER UPDATE OF "description" ON "Case"
  FOR EACH ROW
  WHEN (NEW."status" = 'CLOSED' AND NEW."description" = 'slettet' AND OLD."description" IS DISTINCT FROM NEW."description")
  EXECUTE FUNCTION "kept_drawings_forget_anonymised_case"();
