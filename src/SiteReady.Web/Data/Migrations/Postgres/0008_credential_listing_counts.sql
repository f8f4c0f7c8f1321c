-- How many listings each viewer has per archived flag, type, approval and expiry day (CredentialListingCount,
-- kept current by the app together with CredentialListings). A list filtered by archive, type, status or expiry
-- window sums a few thousand of these rows for its total and for the day its page starts on, instead of
-- counting and skipping tens of thousands of index entries. A group with no listings has no row.

CREATE TABLE "CredentialListingCounts" (
    "ViewerId" uuid NOT NULL,
    "IsArchived" boolean NOT NULL,
    "CredentialTypeId" uuid NOT NULL,
    "Approval" character varying(20) NOT NULL,
    "ExpiresOn" date NOT NULL,
    "Count" integer NOT NULL,
    CONSTRAINT "PK_CredentialListingCounts" PRIMARY KEY ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn")
);

INSERT INTO "CredentialListingCounts" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "Count")
SELECT "ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", COUNT(*)
FROM "CredentialListings"
GROUP BY "ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn";

CREATE INDEX "IX_CredentialListingCounts_Expiry" ON "CredentialListingCounts" ("ViewerId", "IsArchived", "ExpiresOn", "Approval", "CredentialTypeId", "Count");

CREATE INDEX "IX_CredentialListingCounts_Type" ON "CredentialListingCounts" ("ViewerId", "IsArchived", "CredentialTypeId", "Approval", "ExpiresOn", "Count");
