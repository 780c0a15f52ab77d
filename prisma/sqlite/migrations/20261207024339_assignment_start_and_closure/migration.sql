-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "assignedAt" DATETIME;
ALTER TABLE "Assignment" ADD COLUMN "closedAt" DATETIME;
ALTER TABLE "Assignment" ADD COLUMN "closedBy" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "closure" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "closureAt" DATETIME;
ALTER TABLE "Assignment" ADD COLUMN "closureBy" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "closureNote" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "returnedAt" DATETIME;
ALTER TABLE "Assignment" ADD COLUMN "returnedReason" TEXT;

-- Each lead unit of a task takes over the task's 办结/销号 state (issue 18 item 11): until now
-- a task was closed as a whole. assignedAt stays null: the document's units count from the
-- plan's start.
UPDATE "Assignment" SET
  "closure" = (SELECT t."closure" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "closureNote" = (SELECT t."closureNote" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "closureAt" = (SELECT t."closureAt" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "closureBy" = (SELECT t."closureBy" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "closedAt" = (SELECT t."closedAt" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "closedBy" = (SELECT t."closedBy" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "returnedReason" = (SELECT t."returnedReason" FROM "Task" t WHERE t."id" = "Assignment"."taskId"),
  "returnedAt" = (SELECT t."returnedAt" FROM "Task" t WHERE t."id" = "Assignment"."taskId")
WHERE "role" = 'lead';
