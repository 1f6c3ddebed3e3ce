-- CreateEnum
CREATE TYPE "MailKind" AS ENUM ('ACTION_ASSIGNED', 'DUE_TOMORROW', 'OVERDUE', 'AGENDA_PUBLISHED', 'REPORT_DUTY', 'ACCESS_REMOVED');

-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENT', 'SKIPPED', 'FAILED');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mailKinds" "MailKind"[] DEFAULT ARRAY['ACTION_ASSIGNED', 'OVERDUE', 'AGENDA_PUBLISHED', 'REPORT_DUTY', 'ACCESS_REMOVED']::"MailKind"[],
ADD COLUMN     "mailLanguage" TEXT NOT NULL DEFAULT 'da';

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "MailKind" NOT NULL,
    "refId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "forumId" TEXT,
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MailOutbox_status_nextAttemptAt_idx" ON "MailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_userId_kind_refId_day_key" ON "MailOutbox"("userId", "kind", "refId", "day");

-- AddForeignKey
ALTER TABLE "MailOutbox" ADD CONSTRAINT "MailOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

