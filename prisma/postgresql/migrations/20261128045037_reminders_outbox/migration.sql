-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "ReminderRun" (
    "key" TEXT NOT NULL,
    "ranAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued" INTEGER NOT NULL,

    CONSTRAINT "ReminderRun_pkey" PRIMARY KEY ("key")
);
