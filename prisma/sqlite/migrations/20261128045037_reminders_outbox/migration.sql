-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "subject" TEXT;

-- CreateTable
CREATE TABLE "ReminderRun" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "ranAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued" INTEGER NOT NULL
);
