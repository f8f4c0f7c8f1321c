CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "Organizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Organizations" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "BusinessIdentifier" TEXT NULL,
    "TimeZone" TEXT NOT NULL,
    "ExpiringSoonDays" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "OutboxMessages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY,
    "OrganizationId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "ToAddress" TEXT NOT NULL,
    "ToName" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "TextBody" TEXT NOT NULL,
    "HtmlBody" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL,
    "Attempts" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "FailedAt" INTEGER NULL,
    "LastError" TEXT NULL
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AccessRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccessRequests" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "RequesterUserId" TEXT NOT NULL,
    "RequestedRole" TEXT NOT NULL,
    "Mobile" TEXT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DecidedAt" INTEGER NULL,
    "DecidedByUserId" TEXT NULL,
    "DeclineReason" TEXT NULL,
    "DeclineText" TEXT NULL,
    "RoleGranted" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_AccessRequests_AspNetUsers_RequesterUserId" FOREIGN KEY ("RequesterUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_AccessRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Invitations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Invitations" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "RevokedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Invitations_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Invitations_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Memberships" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Memberships" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusBeforeDisabled" TEXT NULL,
    "SendNotifications" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ActivatedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Memberships_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Memberships_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AccessRequests_OrganizationId_Status_CreatedAt" ON "AccessRequests" ("OrganizationId", "Status", "CreatedAt");


CREATE INDEX "IX_AccessRequests_RequesterUserId" ON "AccessRequests" ("RequesterUserId");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE UNIQUE INDEX "UX_Users_NormalizedEmail" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_Invitations_OrganizationId_UserId" ON "Invitations" ("OrganizationId", "UserId");


CREATE UNIQUE INDEX "IX_Invitations_TokenHash" ON "Invitations" ("TokenHash");


CREATE INDEX "IX_Invitations_UserId" ON "Invitations" ("UserId");


CREATE UNIQUE INDEX "IX_Memberships_OrganizationId_UserId" ON "Memberships" ("OrganizationId", "UserId");


CREATE INDEX "IX_Memberships_UserId" ON "Memberships" ("UserId");


CREATE INDEX "IX_Organizations_Kind_Name" ON "Organizations" ("Kind", "Name");


CREATE INDEX "IX_OutboxMessages_SentAt_NextAttemptAt" ON "OutboxMessages" ("SentAt", "NextAttemptAt");


