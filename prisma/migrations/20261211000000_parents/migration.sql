
-- CreateEnum
CREATE TYPE "ParentRole" AS ENUM ('CUSTODY_HOLDER', 'YOUNG_PERSON');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MailKind" ADD VALUE 'PARENT_INVITATION';
ALTER TYPE "MailKind" ADD VALUE 'PARENT_CODE';

-- CreateTable
CREATE TABLE "ParentInvitation" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "meetingId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "ParentRole" NOT NULL,
    "ageConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "tokenHash" TEXT NOT NULL,
    "mailToken" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ParentInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParentCode" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "mailCode" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "voidAt" TIMESTAMP(3),

    CONSTRAINT "ParentCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParentSession" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ParentSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParentWords" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParentWords_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParentPlanAnswer" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "comment" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParentPlanAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParentConsent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "given" BOOLEAN NOT NULL,
    "scope" TEXT NOT NULL,
    "basisId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParentConsent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ParentInvitation_tokenHash_key" ON "ParentInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "ParentInvitation_caseId_idx" ON "ParentInvitation"("caseId");

-- CreateIndex
CREATE INDEX "ParentCode_invitationId_createdAt_idx" ON "ParentCode"("invitationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ParentWords_caseId_invitationId_key" ON "ParentWords"("caseId", "invitationId");

-- CreateIndex
CREATE UNIQUE INDEX "ParentPlanAnswer_invitationId_revision_key" ON "ParentPlanAnswer"("invitationId", "revision");

-- CreateIndex
CREATE INDEX "ParentConsent_caseId_at_idx" ON "ParentConsent"("caseId", "at");

-- AddForeignKey
ALTER TABLE "ParentInvitation" ADD CONSTRAINT "ParentInvitation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentInvitation" ADD CONSTRAINT "ParentInvitation_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentCode" ADD CONSTRAINT "ParentCode_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentSession" ADD CONSTRAINT "ParentSession_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentWords" ADD CONSTRAINT "ParentWords_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentPlanAnswer" ADD CONSTRAINT "ParentPlanAnswer_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParentConsent" ADD CONSTRAINT "ParentConsent_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- PA9 (RT3): anonymising a closed case deletes its invitations and with them (cascade) the parents' codes, sessions,
-- words, answers and consent records. Deleting the case takes them by the foreign key's cascade.
CREATE FUNCTION "parents_forget_anonymised_case"() RETURNS trigger AS $$
BEGIN
  DELETE FROM "ParentInvitation" WHERE "caseId" = NEW."id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Case_anonymised_forgets_parents"
  AFTER UPDATE OF "description" ON "Case"
  FOR EACH ROW
  WHEN (NEW."status" = 'CLOSED' AND NEW."description" = 'slettet' AND OLD."description" IS DISTINCT FROM NEW."description")
  EXECUTE FUNCTION "parents_forget_anonymised_case"();
