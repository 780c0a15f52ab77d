-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "robot" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "staleAt" DATETIME;

-- CreateIndex
CREATE INDEX "OutboxMessage_robot_claimedAt_idx" ON "OutboxMessage"("robot", "claimedAt");
