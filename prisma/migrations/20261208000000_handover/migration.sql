-- CreateTable
CREATE TABLE "HandoverPacket" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstDownloadedAt" TIMESTAMP(3),
    "filedAt" TIMESTAMP(3),
    "filedById" TEXT,
    "externalReference" TEXT,

    CONSTRAINT "HandoverPacket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HandoverPacket_caseId_idx" ON "HandoverPacket"("caseId");

-- CreateIndex
CREATE INDEX "HandoverPacket_sector_filedAt_idx" ON "HandoverPacket"("sector", "filedAt");

-- CreateIndex
CREATE UNIQUE INDEX "HandoverPacket_meetingId_caseId_sector_key" ON "HandoverPacket"("meetingId", "caseId", "sector");

-- AddForeignKey
ALTER TABLE "HandoverPacket" ADD CONSTRAINT "HandoverPacket_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverPacket" ADD CONSTRAINT "HandoverPacket_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

