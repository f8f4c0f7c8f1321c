using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Imports;

public static class CredentialImportEndpoints
{
    public static IServiceCollection AddCredentialImports(this IServiceCollection services)
    {
        services.AddSingleton<ImportProgress>();
        services.AddSingleton<ImportSignal>();
        services.AddScoped<StartCredentialImport>();
        services.AddScoped<GetCredentialImports>();
        services.AddScoped<PlanCredentialImport>();
        services.AddScoped<RunCredentialImport>();
        services.AddSingleton<CredentialImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<CredentialImportRunner>());
        return services;
    }

    public static void MapCredentialImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/v1/orgs/{orgId:guid}/credential-imports").WithTags("Credentials");
        imports.MapPost("", async (HttpRequest request, bool? dryRun, StartCredentialImport start, CancellationToken ct) =>
            {
                var import = await start.HandleAsync(request, dryRun ?? false, ct);
                return TypedResults.Accepted($"{request.Path}/{import.Id}", new { importId = import.Id, status = import.Status });
            })
            .RequireAuthorization(Policies.For(Permissions.CredentialsManage))
            .DisableAntiforgery()
            .WithSummary("Bulk credential upload (R-K8): multipart csv (worker_email, credential_type, credential_number, issue_date, expiry_date, file), " +
                "optional media (a ZIP whose entries the file column names) and dateFormat (e.g. dd/MM/yyyy; default ISO 8601). " +
                "?dryRun=true only checks. Runs in the background: poll the Location.");
        imports.MapGet("", async (int? page, int? pageSize, GetCredentialImports get, CancellationToken ct) => TypedResults.Ok(await get.ListAsync(page, pageSize, ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("The organisation's credential imports, newest first (without their error lists).");
        imports.MapGet("/{id:guid}", async (Guid id, GetCredentialImports get, CancellationToken ct) => TypedResults.Ok(await get.GetAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("An import's status, progress and report: every problem with its row (the header is row 1), column and message.");
    }
}
