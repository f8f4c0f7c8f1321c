-- Workers, their client connections, locations, contractor-client connections, employer and transfer requests.

CREATE TABLE "ClientConnections" (
    "Id" uuid NOT NULL,
    "ClientId" uuid NOT NULL,
    "ContractorId" uuid NOT NULL,
    "RequestedByOrganizationId" uuid NOT NULL,
    "Status" character varying(20) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ConnectedAt" timestamp with time zone,
    "DisconnectedAt" timestamp with time zone,
    "DisconnectedByOrganizationId" uuid,
    "DisconnectReason" character varying(500),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_ClientConnections" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ClientConnections_Organizations_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ClientConnections_Organizations_ContractorId" FOREIGN KEY ("ContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "EmployerRequests" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "ManagementMode" character varying(20) NOT NULL,
    "Mobile" character varying(20),
    "ClientConnections" character varying(4000) NOT NULL,
    "RequestedByUserId" uuid NOT NULL,
    "Status" character varying(20) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "DecidedAt" timestamp with time zone,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_EmployerRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_EmployerRequests_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_EmployerRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Locations" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Name" character varying(200) NOT NULL,
    "Address" character varying(500),
    "TimeZone" character varying(100) NOT NULL,
    "CheckInMethod" character varying(20) NOT NULL,
    "QrSecret" character varying(64) NOT NULL,
    "AutoCheckOutAt" time without time zone,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_Locations" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Locations_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Workers" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "ManagementMode" character varying(20) NOT NULL,
    "InviteStatus" character varying(20) NOT NULL,
    "StatusBeforeDisabled" character varying(20),
    "CreatedByUserId" uuid,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ActivatedAt" timestamp with time zone,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_Workers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Workers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Workers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TransferRequests" (
    "Id" uuid NOT NULL,
    "WorkerId" uuid NOT NULL,
    "FromContractorId" uuid NOT NULL,
    "ToContractorId" uuid NOT NULL,
    "RequestedByUserId" uuid NOT NULL,
    "Status" character varying(20) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "WorkerApprovedAt" timestamp with time zone,
    "DecidedAt" timestamp with time zone,
    "HandledByUserId" uuid,
    "RejectReason" character varying(500),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_TransferRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_TransferRequests_Organizations_FromContractorId" FOREIGN KEY ("FromContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TransferRequests_Organizations_ToContractorId" FOREIGN KEY ("ToContractorId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TransferRequests_Workers_WorkerId" FOREIGN KEY ("WorkerId") REFERENCES "Workers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkerClientConnections" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "WorkerId" uuid NOT NULL,
    "ClientId" uuid NOT NULL,
    "LocationIds" uuid[] NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_WorkerClientConnections" PRIMARY KEY ("Id"),
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
