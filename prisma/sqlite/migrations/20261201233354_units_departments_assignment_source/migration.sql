-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'plan',
    CONSTRAINT "Assignment_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("id", "position", "role", "taskId", "unitId") SELECT "id", "position", "role", "taskId", "unitId" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_unitId_idx" ON "Assignment"("unitId");
CREATE UNIQUE INDEX "Assignment_taskId_unitId_key" ON "Assignment"("taskId", "unitId");
CREATE TABLE "new_Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "sectionId" INTEGER NOT NULL,
    "no" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "countyScope" TEXT,
    "deadline" TEXT,
    "indicators" TEXT NOT NULL DEFAULT '[]',
    "removedUnitIds" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "Task_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Task_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Task" ("countyScope", "deadline", "id", "indicators", "no", "planId", "sectionId", "text") SELECT "countyScope", "deadline", "id", "indicators", "no", "planId", "sectionId", "text" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE UNIQUE INDEX "Task_planId_no_key" ON "Task"("planId", "no");
CREATE TABLE "new_Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "department" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Unit" ("id", "kind", "name") SELECT "id", "kind", "name" FROM "Unit";
DROP TABLE "Unit";
ALTER TABLE "new_Unit" RENAME TO "Unit";
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");
CREATE TABLE "new_UnitAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alias" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'alias',
    CONSTRAINT "UnitAlias_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UnitAlias" ("alias", "id", "unitId") SELECT "alias", "id", "unitId" FROM "UnitAlias";
DROP TABLE "UnitAlias";
ALTER TABLE "new_UnitAlias" RENAME TO "UnitAlias";
CREATE UNIQUE INDEX "UnitAlias_alias_key" ON "UnitAlias"("alias");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
