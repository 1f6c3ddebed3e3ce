
-- AlterEnum
ALTER TYPE "MailKind" ADD VALUE 'PARENT_MITID';

-- AlterTable
ALTER TABLE "OidcFlow" ADD COLUMN     "invitationId" TEXT;

-- AlterTable
ALTER TABLE "ParentInvitation" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'da',
ADD COLUMN     "mitidBoundAt" TIMESTAMP(3),
ADD COLUMN     "mitidName" TEXT,
ADD COLUMN     "mitidSubjectHash" TEXT;

-- AddForeignKey
ALTER TABLE "OidcFlow" ADD CONSTRAINT "OidcFlow_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "ParentInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- PA11: the invitation's language is one the mails and the parent's pages have.
ALTER TABLE "ParentInvitation" ADD CONSTRAINT "ParentInvitation_language_check" CHECK ("language" IN ('da', 'en'));
-- PA10: a subject's hash is a SHA-256 in hex, nothing else (never the subject or a CPR number in clear).
ALTER TABLE "ParentInvitation" ADD CONSTRAINT "ParentInvitation_mitidSubjectHash_check" CHECK ("mitidSubjectHash" IS NULL OR "mitidSubjectHash" ~ '^[0-9a-f]{64}$');
