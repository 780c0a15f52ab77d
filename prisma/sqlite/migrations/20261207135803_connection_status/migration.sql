-- CreateTable
CREATE TABLE "ConnectionStatus" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "lastError" TEXT,
    "since" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
