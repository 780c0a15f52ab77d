-- AlterTable
ALTER TABLE "Report" ADD COLUMN "replacesId" INTEGER;
ALTER TABLE "Report" ADD COLUMN "withdrawnAt" DATETIME;
ALTER TABLE "Report" ADD COLUMN "withdrawnBy" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PendingQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "candidates" TEXT NOT NULL DEFAULT '[]',
    "kind" TEXT NOT NULL DEFAULT 'task',
    "context" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);
INSERT INTO "new_PendingQuestion" ("candidates", "chatId", "createdAt", "expiresAt", "id", "messageId", "platform", "text", "userId") SELECT "candidates", "chatId", "createdAt", "expiresAt", "id", "messageId", "platform", "text", "userId" FROM "PendingQuestion";
DROP TABLE "PendingQuestion";
ALTER TABLE "new_PendingQuestion" RENAME TO "PendingQuestion";
CREATE UNIQUE INDEX "PendingQuestion_platform_chatId_userId_key" ON "PendingQuestion"("platform", "chatId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Report_platform_messageId_idx" ON "Report"("platform", "messageId");
