-- CreateTable
CREATE TABLE "Extension" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "milestoneId" INTEGER,
    "position" INTEGER,
    "unitId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT,
    "fromDate" TEXT NOT NULL,
    "requestedDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedByName" TEXT,
    "decidedAt" DATETIME,
    "approvedDate" TEXT,
    "decisionReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT,
    "subject" TEXT NOT NULL,
    "taskId" INTEGER,
    "taskNo" INTEGER,
    "period" TEXT,
    "text" TEXT NOT NULL,
    "answer" TEXT,
    "answeredBy" TEXT,
    "answeredByName" TEXT,
    "answeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Extension_taskId_idx" ON "Extension"("taskId");

-- CreateIndex
CREATE INDEX "Extension_state_idx" ON "Extension"("state");

-- CreateIndex
CREATE INDEX "Objection_unitId_idx" ON "Objection"("unitId");
