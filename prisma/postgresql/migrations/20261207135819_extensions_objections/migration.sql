-- CreateTable
CREATE TABLE "Extension" (
    "id" SERIAL NOT NULL,
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
    "decidedAt" TIMESTAMP(3),
    "approvedDate" TEXT,
    "decisionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" SERIAL NOT NULL,
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
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Extension_taskId_idx" ON "Extension"("taskId");

-- CreateIndex
CREATE INDEX "Extension_state_idx" ON "Extension"("state");

-- CreateIndex
CREATE INDEX "Objection_unitId_idx" ON "Objection"("unitId");
