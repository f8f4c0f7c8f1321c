-- Fewer and cheaper index entries per credential written, so a bulk import of credentials costs less. Lists and
-- expiry reminders read CredentialListings, so the credentials keep only the indexes of their foreign keys for
-- owner and type (new credentials append to those); the reviewers' queue indexes pending versions only; and a
-- listing's key starts with its credential, which makes the separate credential index of the listings redundant;
-- and the company index holds clients' listings only (for a contractor's own listings it repeats the expiry index).
-- SQLite cannot change a primary key in place: the listings table is copied into one with the new key.

DROP INDEX "IX_Credentials_OrganizationId_IsArchived_ExpiryOn";
CREATE INDEX "IX_Credentials_OrganizationId" ON "Credentials" ("OrganizationId");

DROP INDEX "IX_Credentials_CredentialTypeId_ExpiryOn";
CREATE INDEX "IX_Credentials_CredentialTypeId" ON "Credentials" ("CredentialTypeId");

DROP INDEX "IX_CredentialVersions_Approval_CreatedAt";
CREATE INDEX "IX_CredentialVersions_Pending" ON "CredentialVersions" ("CreatedAt", "Id") WHERE "Approval" = 'Pending';

CREATE TABLE "CredentialListings_new" (
    "ViewerId" TEXT NOT NULL,
    "CredentialId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "WorkerId" TEXT NULL,
    "CredentialTypeId" TEXT NOT NULL,
    "IsArchived" INTEGER NOT NULL,
    "Approval" TEXT NOT NULL,
    "IssueOn" TEXT NULL,
    "ExpiryOn" TEXT NULL,
    "ExpiresOn" TEXT NOT NULL,
    "CredentialNumber" TEXT NULL,
    "LatestVersionNumber" INTEGER NOT NULL,
    "FileName" TEXT NULL,
    CONSTRAINT "PK_CredentialListings" PRIMARY KEY ("CredentialId", "ViewerId"),
    CONSTRAINT "FK_CredentialListings_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

INSERT INTO "CredentialListings_new" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
SELECT "ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName"
FROM "CredentialListings";

DROP TABLE "CredentialListings";

ALTER TABLE "CredentialListings_new" RENAME TO "CredentialListings";

CREATE INDEX "IX_CredentialListings_Company" ON "CredentialListings" ("ViewerId", "OrganizationId", "IsArchived", "ExpiresOn", "CredentialId") WHERE "ViewerId" <> "OrganizationId";

CREATE INDEX "IX_CredentialListings_Expiry" ON "CredentialListings" ("ViewerId", "IsArchived", "ExpiresOn", "CredentialId", "Approval");

CREATE INDEX "IX_CredentialListings_Type" ON "CredentialListings" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "CredentialId");

CREATE INDEX "IX_CredentialListings_WorkerId" ON "CredentialListings" ("WorkerId");
