-- CreateEnum
CREATE TYPE "ChildHouse" AS ENUM ('WORRIES', 'GOOD', 'DREAMS');

-- CreateTable
CREATE TABLE "FamilyPlan" (
    "caseId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT NOT NULL,
    "sharedRevision" INTEGER,
    "sharedContent" JSONB,
    "sharedAt" TIMESTAMP(3),
    "sharedById" TEXT,

    CONSTRAINT "FamilyPlan_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "FamilyPlanVersion" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "keptAt" TIMESTAMP(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT NOT NULL,
    "sharedRevision" INTEGER,
    "sharedContent" JSONB,
    "sharedAt" TIMESTAMP(3),
    "sharedById" TEXT,

    CONSTRAINT "FamilyPlanVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChildDrawing" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "house" "ChildHouse" NOT NULL,
    "mime" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChildDrawing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FamilyPlanVersion_caseId_meetingId_key" ON "FamilyPlanVersion"("caseId", "meetingId");

-- CreateIndex
CREATE UNIQUE INDEX "ChildDrawing_caseId_house_key" ON "ChildDrawing"("caseId", "house");

-- AddForeignKey
ALTER TABLE "FamilyPlan" ADD CONSTRAINT "FamilyPlan_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FamilyPlanVersion" ADD CONSTRAINT "FamilyPlanVersion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FamilyPlanVersion" ADD CONSTRAINT "FamilyPlanVersion_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChildDrawing" ADD CONSTRAINT "ChildDrawing_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- FA2: the family's version is kept with the case's version of a meeting, in the same transaction: when the chair
-- concludes the case (a CaseVersion is inserted) or concludes it again (its "concludedAt" is set anew). Retention's
-- anonymising rewrites only "content" and does not fire it.
CREATE FUNCTION "family_plan_keep_version"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "FamilyPlanVersion" ("id", "caseId", "meetingId", "keptAt", "revision", "content", "updatedAt", "updatedById",
                                   "sharedRevision", "sharedContent", "sharedAt", "sharedById")
  SELECT gen_random_uuid()::text, p."caseId", NEW."meetingId", NEW."concludedAt", p."revision", p."content", p."updatedAt",
         p."updatedById", p."sharedRevision", p."sharedContent", p."sharedAt", p."sharedById"
    FROM "FamilyPlan" p WHERE p."caseId" = NEW."caseId"
  ON CONFLICT ("caseId", "meetingId") DO UPDATE SET
    "keptAt" = EXCLUDED."keptAt", "revision" = EXCLUDED."revision", "content" = EXCLUDED."content",
    "updatedAt" = EXCLUDED."updatedAt", "updatedById" = EXCLUDED."updatedById", "sharedRevision" = EXCLUDED."sharedRevision",
    "sharedContent" = EXCLUDED."sharedContent", "sharedAt" = EXCLUDED."sharedAt", "sharedById" = EXCLUDED."sharedById";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseVersion_keeps_family_plan"
  AFTER INSERT OR UPDATE OF "concludedAt" ON "CaseVersion"
  FOR EACH ROW EXECUTE FUNCTION "family_plan_keep_version"();

-- FA8 (RT3): anonymising a closed case (retention sets its description to 'slettet', ANONYMISED in
-- server/features/retention/service.ts) deletes the family's version, its versions and the child's drawings in the
-- same transaction. Deleting the case (RT1) takes them by the foreign keys' cascade.
CREATE FUNCTION "family_forget_anonymised_case"() RETURNS trigger AS $$
BEGIN
  DELETE FROM "FamilyPlanVersion" WHERE "caseId" = NEW."id";
  DELETE FROM "FamilyPlan" WHERE "caseId" = NEW."id";
  DELETE FROM "ChildDrawing" WHERE "caseId" = NEW."id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Case_anonymised_forgets_family"
  AFTER UPDATE OF "description" ON "Case"
  FOR EACH ROW
  WHEN (NEW."status" = 'CLOSED' AND NEW."description" = 'slettet' AND OLD."description" IS DISTINCT FROM NEW."description")
  EXECUTE FUNCTION "family_forget_anonymised_case"();
