-- Credential types, credentials with versions and media files, and their activity.

CREATE TABLE "CredentialActivity" (
    "Id" uuid NOT NULL,
    "CredentialId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "VersionNumber" integer,
    "At" timestamp with time zone NOT NULL,
    "ByUserId" uuid NOT NULL,
    "Action" character varying(30) NOT NULL,
    "Field" character varying(30),
    "From" character varying(1000),
    "To" character varying(1000),
    CONSTRAINT "PK_CredentialActivity" PRIMARY KEY ("Id")
);

CREATE TABLE "CredentialTypes" (
    "Id" uuid NOT NULL,
    "OwnerOrganizationId" uuid NOT NULL,
    "IsShared" boolean NOT NULL,
    "Name" character varying(200) NOT NULL,
    "Category" character varying(20) NOT NULL,
    "Subject" character varying(20) NOT NULL,
    "HasIssueDate" boolean NOT NULL,
    "HasExpiryDate" boolean NOT NULL,
    "MediaRequired" boolean NOT NULL,
    "VerificationRequired" boolean NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_CredentialTypes" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CredentialTypes_Organizations_OwnerOrganizationId" FOREIGN KEY ("OwnerOrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Credentials" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Subject" character varying(20) NOT NULL,
    "WorkerId" uuid,
    "CredentialTypeId" uuid NOT NULL,
    "IsArchived" boolean NOT NULL,
    "ArchivedAt" timestamp with time zone,
    "CreatedAt" timestamp with time zone NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "LatestVersionNumber" integer NOT NULL,
    "IssueOn" date,
    "ExpiryOn" date,
    "CredentialNumber" character varying(100),
    "Approval" character varying(20) NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_Credentials" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Credentials_CredentialTypes_CredentialTypeId" FOREIGN KEY ("CredentialTypeId") REFERENCES "CredentialTypes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Credentials_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Credentials_Workers_WorkerId" FOREIGN KEY ("WorkerId") REFERENCES "Workers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CredentialVersions" (
    "Id" uuid NOT NULL,
    "CredentialId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Number" integer NOT NULL,
    "IssueOn" date,
    "ExpiryOn" date,
    "CredentialNumber" character varying(100),
    "Approval" character varying(20) NOT NULL,
    "RejectReason" character varying(500),
    "ReviewedByUserId" uuid,
    "ReviewedAt" timestamp with time zone,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_CredentialVersions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CredentialVersions_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CredentialFiles" (
    "Id" uuid NOT NULL,
    "VersionId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "FileName" character varying(255) NOT NULL,
    "ContentType" character varying(100) NOT NULL,
    "Size" bigint NOT NULL,
    "StorageKey" character varying(200) NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    CONSTRAINT "PK_CredentialFiles" PRIMARY KEY ("Id"),
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
