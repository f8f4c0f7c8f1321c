-- Fewer and cheaper index entries per credential written, so a bulk import of credentials costs less. Lists and
-- expiry reminders read CredentialListings, so the credentials keep only the indexes of their foreign keys for
-- owner and type (new credentials append to those); the reviewers' queue indexes pending versions only; and a
-- listing's key starts with its credential, which makes the separate credential index of the listings redundant;
-- and the company index holds clients' listings only (for a contractor's own listings it repeats the expiry index).

DROP INDEX "IX_Credentials_OrganizationId_IsArchived_ExpiryOn";
CREATE INDEX "IX_Credentials_OrganizationId" ON "Credentials" ("OrganizationId");

DROP INDEX "IX_Credentials_CredentialTypeId_ExpiryOn";
CREATE INDEX "IX_Credentials_CredentialTypeId" ON "Credentials" ("CredentialTypeId");

DROP INDEX "IX_CredentialVersions_Approval_CreatedAt";
CREATE INDEX "IX_CredentialVersions_Pending" ON "CredentialVersions" ("CreatedAt", "Id") WHERE "Approval" = 'Pending';

ALTER TABLE "CredentialListings" DROP CONSTRAINT "PK_CredentialListings";
ALTER TABLE "CredentialListings" ADD CONSTRAINT "PK_CredentialListings" PRIMARY KEY ("CredentialId", "ViewerId");
DROP INDEX "IX_CredentialListings_CredentialId";

DROP INDEX "IX_CredentialListings_Company";
CREATE INDEX "IX_CredentialListings_Company" ON "CredentialListings" ("ViewerId", "OrganizationId", "IsArchived", "ExpiresOn", "CredentialId") WHERE "ViewerId" <> "OrganizationId";
