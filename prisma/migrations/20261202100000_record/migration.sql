-- AlterTable
ALTER TABLE "Forum" ADD COLUMN     "journalNumber" TEXT;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "journalNumber" TEXT;

-- CreateTable
CREATE TABLE "DocAttribution" (
    "documentId" TEXT NOT NULL,
    "clientId" BIGINT NOT NULL,
    "clock" INTEGER NOT NULL,
    "length" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocAttribution_pkey" PRIMARY KEY ("documentId","clientId","clock")
);

-- CreateTable
CREATE TABLE "DocEntryWriter" (
    "documentId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "addedById" TEXT,
    "addedAt" TIMESTAMP(3),
    "changedById" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DocEntryWriter_pkey" PRIMARY KEY ("documentId","entryId")
);

-- CreateTable
CREATE TABLE "CaseVersion" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "concludedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "concludedById" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "sosScale" INTEGER NOT NULL,
    "basis" "LegalBasisKind" NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "CaseVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseVersion_caseId_concludedAt_idx" ON "CaseVersion"("caseId", "concludedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseVersion_caseId_meetingId_key" ON "CaseVersion"("caseId", "meetingId");

-- AddForeignKey
ALTER TABLE "DocAttribution" ADD CONSTRAINT "DocAttribution_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocAttribution" ADD CONSTRAINT "DocAttribution_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocEntryWriter" ADD CONSTRAINT "DocEntryWriter_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseVersion" ADD CONSTRAINT "CaseVersion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseVersion" ADD CONSTRAINT "CaseVersion_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

