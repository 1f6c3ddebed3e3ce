-- CreateEnum
CREATE TYPE "MunicipalRole" AS ENUM ('ADMIN', 'MANAGEMENT');

-- CreateEnum
CREATE TYPE "LegalBasisKind" AS ENUM ('ANONYMOUS', 'CONSENT', 'SSD_EXCHANGE', 'SSP_115');

-- CreateEnum
CREATE TYPE "ReportDutyAnswerKind" AS ENUM ('REPORTED', 'ALREADY_REPORTED', 'NOT_RELEVANT');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH', 'LOGIN', 'LOGIN_FAILED', 'DENIED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'CONSENT_ENDED';
ALTER TYPE "NotificationKind" ADD VALUE 'REPORT_DUTY';

-- AlterTable
ALTER TABLE "Municipality" ADD COLUMN     "reportDutyThreshold" INTEGER NOT NULL DEFAULT 4;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "municipalRoles" "MunicipalRole"[],
ADD COLUMN     "oidcSubject" TEXT,
ADD COLUMN     "totpEnabledAt" TIMESTAMP(3),
ADD COLUMN     "totpSecret" TEXT;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "basis" "LegalBasisKind" NOT NULL DEFAULT 'ANONYMOUS',
ADD COLUMN     "healthDocumentId" TEXT;

-- CreateTable
CREATE TABLE "CaseBasis" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "LegalBasisKind" NOT NULL,
    "setById" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "consentGivenBy" TEXT,
    "consentScope" TEXT,
    "consentSectors" "Sector"[],
    "consentPurpose" TEXT,
    "consentGivenOn" DATE,
    "consentValidUntil" DATE,
    "consentWithdrawnOn" DATE,
    "ssdMeetingIds" TEXT[],

    CONSTRAINT "CaseBasis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDutyAnswer" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "answer" "ReportDutyAnswerKind" NOT NULL,
    "reason" TEXT,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDutyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "action" "AuditAction" NOT NULL,
    "caseId" TEXT,
    "caseReference" TEXT,
    "purpose" TEXT,
    "criterion" TEXT,
    "address" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseBasis_caseId_setAt_idx" ON "CaseBasis"("caseId", "setAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReportDutyAnswer_caseId_meetingId_userId_key" ON "ReportDutyAnswer"("caseId", "meetingId", "userId");

-- CreateIndex
CREATE INDEX "AuditEntry_caseId_at_idx" ON "AuditEntry"("caseId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_userId_at_idx" ON "AuditEntry"("userId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- CreateIndex
CREATE UNIQUE INDEX "Case_healthDocumentId_key" ON "Case"("healthDocumentId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_healthDocumentId_fkey" FOREIGN KEY ("healthDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseBasis" ADD CONSTRAINT "CaseBasis_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDutyAnswer" ADD CONSTRAINT "ReportDutyAnswer_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The audit log is append-only: UPDATE and DELETE are refused unless the
-- transaction sets samraad.audit_purge (only the retention job does).
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('samraad.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'AuditEntry is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

-- Row triggers do not fire on TRUNCATE; refuse it outright.
CREATE FUNCTION "audit_entry_no_truncate"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEntry is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_no_truncate"();
