-- AlterTable
ALTER TABLE "Member" ADD COLUMN "deputyUserId" TEXT;
ALTER TABLE "Member" ADD COLUMN "leaveUntil" TEXT;
ALTER TABLE "Member" ADD COLUMN "post" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "readAt" DATETIME;
ALTER TABLE "OutboxMessage" ADD COLUMN "receipt" TEXT;

-- CreateTable
CREATE TABLE "Todo" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "vendorId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Todo_taskId_idx" ON "Todo"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Todo_platform_userId_taskId_unitId_period_key" ON "Todo"("platform", "userId", "taskId", "unitId", "period");
