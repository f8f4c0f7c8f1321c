-- Credential types, credentials with versions and media files, and their activity.

CREATE TABLE "CredentialActivity" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialActivity" PRIMARY KEY,
    "CredentialId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "VersionNumber" INTEGER NULL,
    "At" INTEGER NOT NULL,
    "ByUserId" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Field" TEXT NULL,
    "From" TEXT NULL,
    "To" TEXT NULL
);

CREATE TABLE "CredentialTypes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialTypes" PRIMARY KEY,
    "OwnerOrganizationId" TEXT NOT NULL,
    "IsShared" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "HasIssueDate" INTEGER NOT NULL,
    "HasExpiryDate" INTEGER NOT NULL,
    "MediaRequired" INTEGER NOT NULL,
    "VerificationRequired" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CredentialTypes_Organizations_OwnerOrganizationId" FOREIGN KEY ("OwnerOrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Credentials" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Credentials" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "WorkerId" TEXT NULL,
    "CredentialTypeId" TEXT NOT NULL,
    "IsArchived" INTEGER NOT NULL,
    "ArchivedAt" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "LatestVersionNumber" INTEGER NOT NULL,
    "IssueOn" TEXT NULL,
    "ExpiryOn" TEXT NULL,
    "CredentialNumber" TEXT NULL,
    "Approval" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Credentials_CredentialTypes_CredentialTypeId" FOREIGN KEY ("CredentialTypeId") REFERENCES "CredentialTypes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Credentials_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Credentials_Workers_WorkerId" FOREIGN KEY ("WorkerId") REFERENCES "Workers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CredentialVersions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialVersions" PRIMARY KEY,
    "CredentialId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "IssueOn" TEXT NULL,
    "ExpiryOn" TEXT NULL,
    "CredentialNumber" TEXT NULL,
    "Approval" TEXT NOT NULL,
    "RejectReason" TEXT NULL,
    "ReviewedByUserId" TEXT NULL,
    "ReviewedAt" INTEGER NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CredentialVersions_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CredentialFiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialFiles" PRIMARY KEY,
    "VersionId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "StorageKey" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    CONSTRAINT "FK_CredentialFiles_CredentialVersions_VersionId" FOREIGN KEY ("VersionId") REFERENCES "CredentialVersions" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CredentialActivity_CredentialId_At" ON "CredentialActivity" ("CredentialId", "At");

CREATE INDEX "IX_CredentialFiles_VersionId" ON "CredentialFiles" ("VersionId");

CREATE INDEX "IX_Credentials_CredentialTypeId_ExpiryOn" ON "Credentials" ("CredentialTypeId", "ExpiryOn");

CREATE INDEX "IX_Credentials_OrganizationId_IsArchived_ExpiryOn" ON "Credentials" ("OrganizationId", "IsArchived", "ExpiryOn");

CREATE INDEX "IX_Credentials_WorkerId_CredentialTypeId" ON "Credentials" ("WorkerId", "CredentialTypeId");

CREATE INDEX "IX_CredentialTypes_IsShared" ON "CredentialTypes" ("IsShared");

CREATE UNIQUE INDEX "IX_CredentialTypes_OwnerOrganizationId_Name" ON "CredentialTypes" ("OwnerOrganizationId", "Name");

CREATE INDEX "IX_CredentialVersions_Approval_CreatedAt" ON "CredentialVersions" ("Approval", "CreatedAt");

CREATE UNIQUE INDEX "IX_CredentialVersions_CredentialId_Number" ON "CredentialVersions" ("CredentialId", "Number");
