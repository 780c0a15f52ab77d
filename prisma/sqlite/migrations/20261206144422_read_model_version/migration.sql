-- DropIndex
DROP INDEX "Report_period_idx";

-- DropIndex
DROP INDEX "Report_taskId_unitId_period_idx";

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "directory" INTEGER NOT NULL DEFAULT 0,
    "plan" INTEGER NOT NULL DEFAULT 0,
    "reports" INTEGER NOT NULL DEFAULT 0,
    "questions" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "Report_period_unitId_taskId_idx" ON "Report"("period", "unitId", "taskId");

-- CreateIndex
CREATE INDEX "Report_taskId_period_unitId_idx" ON "Report"("taskId", "period", "unitId");

-- The read model's change counters (src/read-model/). Triggers, not bumps in application
-- code, so that every writer is seen: this process, the CLI, a second instance, raw SQL and
-- code not yet written; none of them has to remember anything. Prisma's schema diff ignores
-- triggers, so they live only here.
INSERT INTO "ModelVersion" ("id", "directory", "plan", "reports", "questions") VALUES (1, 0, 0, 0, 0);

-- SQLite triggers are per row only. A bulk import bumps once per row inside its own
-- transaction; that is one small UPDATE of a row already in cache.
CREATE TRIGGER "Unit_model_version_insert" AFTER INSERT ON "Unit" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Unit_model_version_update" AFTER UPDATE ON "Unit" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Unit_model_version_delete" AFTER DELETE ON "Unit" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UnitAlias_model_version_insert" AFTER INSERT ON "UnitAlias" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UnitAlias_model_version_update" AFTER UPDATE ON "UnitAlias" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "UnitAlias_model_version_delete" AFTER DELETE ON "UnitAlias" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Member_model_version_insert" AFTER INSERT ON "Member" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Member_model_version_update" AFTER UPDATE ON "Member" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Member_model_version_delete" AFTER DELETE ON "Member" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChatGroup_model_version_insert" AFTER INSERT ON "ChatGroup" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChatGroup_model_version_update" AFTER UPDATE ON "ChatGroup" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "ChatGroup_model_version_delete" AFTER DELETE ON "ChatGroup" BEGIN UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Plan_model_version_insert" AFTER INSERT ON "Plan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Plan_model_version_update" AFTER UPDATE ON "Plan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Plan_model_version_delete" AFTER DELETE ON "Plan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Section_model_version_insert" AFTER INSERT ON "Section" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Section_model_version_update" AFTER UPDATE ON "Section" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Section_model_version_delete" AFTER DELETE ON "Section" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Task_model_version_insert" AFTER INSERT ON "Task" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Task_model_version_update" AFTER UPDATE ON "Task" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Task_model_version_delete" AFTER DELETE ON "Task" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Assignment_model_version_insert" AFTER INSERT ON "Assignment" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Assignment_model_version_update" AFTER UPDATE ON "Assignment" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Assignment_model_version_delete" AFTER DELETE ON "Assignment" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TaskPlan_model_version_insert" AFTER INSERT ON "TaskPlan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TaskPlan_model_version_update" AFTER UPDATE ON "TaskPlan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TaskPlan_model_version_delete" AFTER DELETE ON "TaskPlan" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Milestone_model_version_insert" AFTER INSERT ON "Milestone" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Milestone_model_version_update" AFTER UPDATE ON "Milestone" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Milestone_model_version_delete" AFTER DELETE ON "Milestone" BEGIN UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Report_model_version_insert" AFTER INSERT ON "Report" BEGIN UPDATE "ModelVersion" SET "reports" = "reports" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Report_model_version_update" AFTER UPDATE ON "Report" BEGIN UPDATE "ModelVersion" SET "reports" = "reports" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Report_model_version_delete" AFTER DELETE ON "Report" BEGIN UPDATE "ModelVersion" SET "reports" = "reports" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PendingQuestion_model_version_insert" AFTER INSERT ON "PendingQuestion" BEGIN UPDATE "ModelVersion" SET "questions" = "questions" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PendingQuestion_model_version_update" AFTER UPDATE ON "PendingQuestion" BEGIN UPDATE "ModelVersion" SET "questions" = "questions" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PendingQuestion_model_version_delete" AFTER DELETE ON "PendingQuestion" BEGIN UPDATE "ModelVersion" SET "questions" = "questions" + 1 WHERE "id" = 1; END;
