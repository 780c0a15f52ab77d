-- CreateTable
CREATE TABLE "ConnectionStatus" (
    "name" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "lastError" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectionStatus_pkey" PRIMARY KEY ("name")
);
