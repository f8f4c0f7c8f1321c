-- The listings stored in list order (decision 0009): a WITHOUT ROWID table keyed by (viewer, archived, expiry,
-- credential), the columns of the former expiry index, so a page or an export of a viewer's list reads neighbouring
-- rows rather than looking each one up in a table in creation order. A credential's own listings are found by a
-- unique index on (credential, viewer), the former key. SQLite cannot change a table's storage in place: the
-- listings are copied into the new table, which is then renamed.

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
    CONSTRAINT "PK_CredentialListings" PRIMARY KEY ("ViewerId", "IsArchived", "ExpiresOn", "CredentialId"),
    CONSTRAINT "FK_CredentialListings_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO "CredentialListings_new" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
SELECT "ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName"
FROM "CredentialListings"
ORDER BY "ViewerId", "IsArchived", "ExpiresOn", "CredentialId";

DROP TABLE "CredentialListings";

ALTER TABLE "CredentialListings_new" RENAME TO "CredentialListings";

CREATE UNIQUE INDEX "IX_CredentialListings_CredentialId_ViewerId" ON "CredentialListings" ("CredentialId", "ViewerId");

CREATE INDEX "IX_CredentialListings_Company" ON "CredentialListings" ("ViewerId", "OrganizationId", "IsArchived", "ExpiresOn", "CredentialId") WHERE "ViewerId" <> "OrganizationId";

CREATE INDEX "IX_CredentialListings_Type" ON "CredentialListings" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "CredentialId");

CREATE INDEX "IX_CredentialListings_WorkerId" ON "CredentialListings" ("WorkerId");
