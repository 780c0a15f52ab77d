-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "deputyUserId" TEXT,
ADD COLUMN     "leaveUntil" TEXT,
ADD COLUMN     "post" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "readAt" TIMESTAMP(3),
ADD COLUMN     "receipt" TEXT;

-- CreateTable
CREATE TABLE "Todo" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "vendorId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Todo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Todo_taskId_idx" ON "Todo"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Todo_platform_userId_taskId_unitId_period_key" ON "Todo"("platform", "userId", "taskId", "unitId", "period");
