-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "robot" TEXT,
ADD COLUMN     "staleAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "OutboxMessage_robot_claimedAt_idx" ON "OutboxMessage"("robot", "claimedAt");
