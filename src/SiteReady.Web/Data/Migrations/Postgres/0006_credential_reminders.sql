-- Expiry reminders (R-N2, R-N3): the organisation's ladder, the person's choice, and the steps sent.

ALTER TABLE "AspNetUsers" ADD "CredentialReminders" boolean NOT NULL DEFAULT TRUE;

ALTER TABLE "Organizations" ADD "ReminderDays" character varying(100) NOT NULL DEFAULT '30,7,0,-7';

CREATE TABLE "CredentialReminders" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "CredentialId" uuid NOT NULL,
    "VersionNumber" integer NOT NULL,
    "Step" integer NOT NULL,
    "SentAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_CredentialReminders" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CredentialReminders_Credentials_CredentialId" FOREIGN KEY ("CredentialId") REFERENCES "Credentials" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_CredentialReminders_CredentialId_VersionNumber_Step" ON "CredentialReminders" ("CredentialId", "VersionNumber", "Step");
