-- AlterTable
ALTER TABLE "Task" ADD COLUMN "closedAt" DATETIME;
ALTER TABLE "Task" ADD COLUMN "closedBy" TEXT;
ALTER TABLE "Task" ADD COLUMN "closure" TEXT;
ALTER TABLE "Task" ADD COLUMN "closureAt" DATETIME;
ALTER TABLE "Task" ADD COLUMN "closureBy" TEXT;
ALTER TABLE "Task" ADD COLUMN "closureNote" TEXT;
ALTER TABLE "Task" ADD COLUMN "returnedAt" DATETIME;
ALTER TABLE "Task" ADD COLUMN "returnedReason" TEXT;

-- CreateTable
CREATE TABLE "TaskPlan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "leader" TEXT,
    "measures" TEXT,
    "text" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TaskPlan_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TaskPlan_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskPlanId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" TEXT,
    "dueText" TEXT,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "doneReportId" INTEGER,
    CONSTRAINT "Milestone_taskPlanId_fkey" FOREIGN KEY ("taskPlanId") REFERENCES "TaskPlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskPlan_taskId_key" ON "TaskPlan"("taskId");

-- CreateIndex
CREATE INDEX "Milestone_taskId_idx" ON "Milestone"("taskId");

-- CreateIndex
CREATE INDEX "Milestone_dueDate_idx" ON "Milestone"("dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_taskPlanId_position_key" ON "Milestone"("taskPlanId", "position");
