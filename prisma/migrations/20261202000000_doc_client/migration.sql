
-- CreateTable
CREATE TABLE "DocClient" (
    "documentId" TEXT NOT NULL,
    "clientId" BIGINT NOT NULL,
    "userId" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocClient_pkey" PRIMARY KEY ("documentId","clientId")
);

-- CreateIndex
CREATE INDEX "DocClient_userId_idx" ON "DocClient"("userId");

-- AddForeignKey
ALTER TABLE "DocClient" ADD CONSTRAINT "DocClient_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocClient" ADD CONSTRAINT "DocClient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

