-- AlterTable
ALTER TABLE "PendingQuestion" ADD COLUMN     "context" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'task';

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "replacesId" INTEGER,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3),
ADD COLUMN     "withdrawnBy" TEXT;

-- CreateIndex
CREATE INDEX "Report_platform_messageId_idx" ON "Report"("platform", "messageId");
