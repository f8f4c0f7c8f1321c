-- Bulk credential imports (R-K8): one row per upload, with its progress and its report.

CREATE TABLE "CredentialImports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialImports" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "IsDryRun" INTEGER NOT NULL,
    "DateFormat" TEXT NULL,
    "CsvFileName" TEXT NOT NULL,
    "CsvStorageKey" TEXT NULL,
    "CsvSize" INTEGER NOT NULL,
    "CsvSha256" TEXT NOT NULL,
    "MediaFileName" TEXT NULL,
    "MediaStorageKey" TEXT NULL,
    "MediaSize" INTEGER NULL,
    "Status" TEXT NOT NULL,
    "Phase" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "LeaseUntil" INTEGER NULL,
    "FinishedAt" INTEGER NULL,
    "TotalRows" INTEGER NULL,
    "ProcessedRows" INTEGER NOT NULL,
    "CreatedRows" INTEGER NOT NULL,
    "VersionRows" INTEGER NOT NULL,
    "SkippedRows" INTEGER NOT NULL,
    "ErrorCount" INTEGER NOT NULL,
    "Errors" TEXT NOT NULL,
    "Message" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CredentialImports_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_CredentialImports_OrganizationId_CreatedAt" ON "CredentialImports" ("OrganizationId", "CreatedAt");

CREATE INDEX "IX_CredentialImports_Status_CreatedAt" ON "CredentialImports" ("Status", "CreatedAt");
