-- Bulk credential imports (R-K8): one row per upload, with its progress and its report.

CREATE TABLE "CredentialImports" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "IsDryRun" boolean NOT NULL,
    "DateFormat" character varying(40),
    "CsvFileName" character varying(255) NOT NULL,
    "CsvStorageKey" character varying(200),
    "CsvSize" bigint NOT NULL,
    "CsvSha256" character varying(64) NOT NULL,
    "MediaFileName" character varying(255),
    "MediaStorageKey" character varying(200),
    "MediaSize" bigint,
    "Status" character varying(20) NOT NULL,
    "Phase" character varying(20),
    "Attempts" integer NOT NULL,
    "StartedAt" timestamp with time zone,
    "LeaseUntil" timestamp with time zone,
    "FinishedAt" timestamp with time zone,
    "TotalRows" integer,
    "ProcessedRows" integer NOT NULL,
    "CreatedRows" integer NOT NULL,
    "VersionRows" integer NOT NULL,
    "SkippedRows" integer NOT NULL,
    "ErrorCount" integer NOT NULL,
    "Errors" text NOT NULL,
    "Message" character varying(1000),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_CredentialImports" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CredentialImports_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_CredentialImports_OrganizationId_CreatedAt" ON "CredentialImports" ("OrganizationId", "CreatedAt");

CREATE INDEX "IX_CredentialImports_Status_CreatedAt" ON "CredentialImports" ("Status", "CreatedAt");
