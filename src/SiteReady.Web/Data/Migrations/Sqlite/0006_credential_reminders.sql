-- Expiry reminders (R-N2, R-N3): the organisation's ladder, the person's choice, and the steps sent.

ALTER TABLE "AspNetUsers" ADD "CredentialReminders" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "Organizations" ADD "ReminderDays" TEXT NOT NULL DEFAULT '30,7,0,-7';

CREATE TABLE "CredentialReminders" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CredentialReminders" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "CredentialId" TEXT NOT NULL,
    "VersionNumber" INTEGER NOT NULL,
    "Step" INTEGER NOT NULL,
    "SentAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CredentialReminders_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_CredentialReminders_CredentialId_VersionNumber_Step" ON "CredentialReminders" ("CredentialId", "VersionNumber", "Step");
