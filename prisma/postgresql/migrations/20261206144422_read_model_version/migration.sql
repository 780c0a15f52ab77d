-- DropIndex
DROP INDEX "Report_period_idx";

-- DropIndex
DROP INDEX "Report_taskId_unitId_period_idx";

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "directory" INTEGER NOT NULL DEFAULT 0,
    "plan" INTEGER NOT NULL DEFAULT 0,
    "reports" INTEGER NOT NULL DEFAULT 0,
    "questions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
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

-- FOR EACH STATEMENT: one bump per statement, not per row, so an import or a deleteMany
-- holds the hot row for one UPDATE. The bump runs inside the writer's transaction and its
-- row lock is held until that commits: writers keep their transactions short.
CREATE FUNCTION "model_version_bump_directory"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ModelVersion" SET "directory" = "directory" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Unit_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Unit" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_directory"();
CREATE TRIGGER "UnitAlias_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "UnitAlias" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_directory"();
CREATE TRIGGER "Member_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Member" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_directory"();
CREATE TRIGGER "ChatGroup_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ChatGroup" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_directory"();
CREATE FUNCTION "model_version_bump_plan"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ModelVersion" SET "plan" = "plan" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Plan_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Plan" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE TRIGGER "Section_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Section" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE TRIGGER "Task_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Task" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE TRIGGER "Assignment_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Assignment" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE TRIGGER "TaskPlan_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "TaskPlan" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE TRIGGER "Milestone_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Milestone" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_plan"();
CREATE FUNCTION "model_version_bump_reports"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ModelVersion" SET "reports" = "reports" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Report_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Report" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_reports"();
CREATE FUNCTION "model_version_bump_questions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ModelVersion" SET "questions" = "questions" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER "PendingQuestion_model_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PendingQuestion" FOR EACH STATEMENT EXECUTE FUNCTION "model_version_bump_questions"();
