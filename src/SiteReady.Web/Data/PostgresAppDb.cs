using Microsoft.EntityFrameworkCore;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Tenancy;

namespace SiteReady.Web.Data;

public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options, TenantContext tenant, OutboxSignal outboxSignal)
    : AppDb(options, tenant, outboxSignal);
