-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'plan';

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "removedUnitIds" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "department" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "UnitAlias" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'alias';
