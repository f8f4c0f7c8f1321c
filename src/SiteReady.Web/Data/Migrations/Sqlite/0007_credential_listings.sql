-- Credential lists read one table: every credential as listed for its contractor and for each client whose
-- network holds it (CredentialListing, kept current by the app on every save that can change it). Counting a
-- filtered network of a million credentials, a deep page and the CSV export are then index ranges, with no
-- per-row check of connections. One index per list shape, each ending in the sort key.

CREATE TABLE "CredentialListings" (
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
    CONSTRAINT "PK_CredentialListings" PRIMARY KEY ("ViewerId", "CredentialId"),
    CONSTRAINT "FK_CredentialListings_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

-- Fill it from the rule: a credential is listed for its contractor, and for each client the contractor is
-- Connected to when it is a company credential or its worker is connected to that client.
INSERT INTO "CredentialListings" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
SELECT c."OrganizationId", c."Id", c."OrganizationId", c."Subject", c."WorkerId", c."CredentialTypeId", c."IsArchived", c."Approval",
    c."IssueOn", c."ExpiryOn", COALESCE(c."ExpiryOn", '9999-12-31'), c."CredentialNumber", c."LatestVersionNumber",
    (SELECT f."FileName" FROM "CredentialVersions" AS v INNER JOIN "CredentialFiles" AS f ON f."VersionId" = v."Id"
     WHERE v."CredentialId" = c."Id" AND v."Number" = c."LatestVersionNumber" ORDER BY f."Id" LIMIT 1)
FROM "Credentials" AS c;

INSERT INTO "CredentialListings" ("ViewerId", "CredentialId", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "Approval",
    "IssueOn", "ExpiryOn", "ExpiresOn", "CredentialNumber", "LatestVersionNumber", "FileName")
SELECT cc."ClientId", c."Id", c."OrganizationId", c."Subject", c."WorkerId", c."CredentialTypeId", c."IsArchived", c."Approval",
    c."IssueOn", c."ExpiryOn", COALESCE(c."ExpiryOn", '9999-12-31'), c."CredentialNumber", c."LatestVersionNumber",
    (SELECT f."FileName" FROM "CredentialVersions" AS v INNER JOIN "CredentialFiles" AS f ON f."VersionId" = v."Id"
     WHERE v."CredentialId" = c."Id" AND v."Number" = c."LatestVersionNumber" ORDER BY f."Id" LIMIT 1)
FROM "Credentials" AS c
INNER JOIN "ClientConnections" AS cc ON cc."ContractorId" = c."OrganizationId" AND cc."Status" = 'Connected'
WHERE c."WorkerId" IS NULL OR EXISTS (
    SELECT 1 FROM "WorkerClientConnections" AS w WHERE w."WorkerId" = c."WorkerId" AND w."ClientId" = cc."ClientId");

CREATE INDEX "IX_CredentialListings_Company" ON "CredentialListings" ("ViewerId", "OrganizationId", "IsArchived", "ExpiresOn", "CredentialId");

CREATE INDEX "IX_CredentialListings_CredentialId" ON "CredentialListings" ("CredentialId");

CREATE INDEX "IX_CredentialListings_Expiry" ON "CredentialListings" ("ViewerId", "IsArchived", "ExpiresOn", "CredentialId", "Approval");

CREATE INDEX "IX_CredentialListings_Type" ON "CredentialListings" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "CredentialId");

CREATE INDEX "IX_CredentialListings_WorkerId" ON "CredentialListings" ("WorkerId");
