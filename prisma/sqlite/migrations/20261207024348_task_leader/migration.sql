-- AlterTable
ALTER TABLE "Task" ADD COLUMN "leader" TEXT;
