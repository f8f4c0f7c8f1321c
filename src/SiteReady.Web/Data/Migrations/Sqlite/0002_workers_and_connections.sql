-- Workers, their client connections, locations, contractor-client connections, employer and transfer requests.

CREATE TABLE "ClientConnections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ClientConnections" PRIMARY KEY,
    "ClientId" TEXT NOT NULL,
    "ContractorId" TEXT NOT NULL,
    "RequestedByOrganizationId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ConnectedAt" INTEGER NULL,
    "DisconnectedAt" INTEGER NULL,
    "DisconnectedByOrganizationId" TEXT NULL,
    "DisconnectReason" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_ClientConnections_Organizations_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ClientConnections_Organizations_ContractorId" FOREIGN KEY ("ContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "EmployerRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EmployerRequests" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "ManagementMode" TEXT NOT NULL,
    "Mobile" TEXT NULL,
    "ClientConnections" TEXT NOT NULL,
    "RequestedByUserId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DecidedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_EmployerRequests_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_EmployerRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Locations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Locations" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Address" TEXT NULL,
    "TimeZone" TEXT NOT NULL,
    "CheckInMethod" TEXT NOT NULL,
    "QrSecret" TEXT NOT NULL,
    "AutoCheckOutAt" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Locations_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Workers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Workers" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "ManagementMode" TEXT NOT NULL,
    "InviteStatus" TEXT NOT NULL,
    "StatusBeforeDisabled" TEXT NULL,
    "CreatedByUserId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ActivatedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Workers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Workers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TransferRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TransferRequests" PRIMARY KEY,
    "WorkerId" TEXT NOT NULL,
    "FromContractorId" TEXT NOT NULL,
    "ToContractorId" TEXT NOT NULL,
    "RequestedByUserId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "WorkerApprovedAt" INTEGER NULL,
    "DecidedAt" INTEGER NULL,
    "HandledByUserId" TEXT NULL,
    "RejectReason" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_TransferRequests_Organizations_FromContractorId" FOREIGN KEY ("FromContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TransferRequests_Organizations_ToContractorId" FOREIGN KEY ("ToContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TransferRequests_Workers_WorkerId" FOREIGN KEY ("WorkerId") REFERENCES "Workers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkerClientConnections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkerClientConnections" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "WorkerId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "LocationIds" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_WorkerClientConnections_Organizations_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_WorkerClientConnections_Workers_WorkerId" FOREIGN KEY ("WorkerId") REFERENCES "Workers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ClientConnections_ClientId_ContractorId" ON "ClientConnections" ("ClientId", "ContractorId");

CREATE INDEX "IX_ClientConnections_ContractorId" ON "ClientConnections" ("ContractorId");

CREATE INDEX "IX_EmployerRequests_OrganizationId" ON "EmployerRequests" ("OrganizationId");

CREATE INDEX "IX_EmployerRequests_UserId_Status" ON "EmployerRequests" ("UserId", "Status");

CREATE INDEX "IX_Locations_OrganizationId_Name" ON "Locations" ("OrganizationId", "Name");

CREATE UNIQUE INDEX "IX_Locations_QrSecret" ON "Locations" ("QrSecret");

CREATE INDEX "IX_TransferRequests_FromContractorId" ON "TransferRequests" ("FromContractorId");

CREATE INDEX "IX_TransferRequests_Status_CreatedAt" ON "TransferRequests" ("Status", "CreatedAt");

CREATE INDEX "IX_TransferRequests_ToContractorId" ON "TransferRequests" ("ToContractorId");

CREATE INDEX "IX_TransferRequests_WorkerId" ON "TransferRequests" ("WorkerId");

CREATE INDEX "IX_WorkerClientConnections_ClientId" ON "WorkerClientConnections" ("ClientId");

CREATE INDEX "IX_WorkerClientConnections_OrganizationId_ClientId" ON "WorkerClientConnections" ("OrganizationId", "ClientId");

CREATE UNIQUE INDEX "IX_WorkerClientConnections_WorkerId_ClientId" ON "WorkerClientConnections" ("WorkerId", "ClientId");

CREATE INDEX "IX_Workers_OrganizationId_InviteStatus" ON "Workers" ("OrganizationId", "InviteStatus");

CREATE UNIQUE INDEX "IX_Workers_UserId" ON "Workers" ("UserId");
