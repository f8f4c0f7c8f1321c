using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

public static class CredentialEndpoints
{
    public static IServiceCollection AddCredentials(this IServiceCollection services) => services
        .AddScoped<CredentialTypes>()
        .AddScoped<ListCredentials>()
        .AddScoped<CredentialDetails>()
        .AddScoped<ManageCredential>()
        .AddScoped<ReviewCredentials>()
        .AddScoped<ExportCredentials>()
        .AddScoped<OwnCredentials>()
        .AddSingleton<CredentialReminders>()
        .AddHostedService(sp => sp.GetRequiredService<CredentialReminders>());

    public static void MapCredentials(this IEndpointRouteBuilder app)
    {
        var org = app.MapGroup("/api/v1/orgs/{orgId:guid}").WithTags("Credentials");

        org.MapGet("/credential-types", async (CredentialTypes types, CancellationToken ct) => TypedResults.Ok(await types.ListAsync(ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("Credential types this organisation may use: the shared catalogue, its own and (contractors) its clients'.");
        org.MapPost("/credential-types", async (CredentialTypeRequest request, CredentialTypes types, HttpContext http, CancellationToken ct) =>
            {
                var type = await types.AddAsync(request, ct);
                return TypedResults.Created($"{http.Request.Path}/{type.Id}", type);
            })
            .RequireAuthorization(Policies.For(Permissions.RequirementsManage))
            .WithSummary("A client defines a credential type.");

        var credentials = org.MapGroup("/credentials");
        credentials.MapGet("", async ([AsParameters] ListCredentialsQuery query, ListCredentials list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(query, ct)))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("Contractor: its own credentials. Client: its network's (R-K6). Filters workerId, companyId, credentialTypeId, status, expiringWithinDays, locationId, archived, subject (worker | company); sort.");
        credentials.MapPost("", async (HttpRequest request, StreamingMultipart multipart, ManageCredential manage, CredentialDetails details, CancellationToken ct) =>
            {
                using var form = await multipart.ReadAsync(request, ct);
                var credential = await manage.AddAsync(CredentialForm.From(form), ct);
                return TypedResults.Created($"{request.Path}/{credential.Id}", await details.ToResponseAsync(credential, ct));
            })
            .RequireAuthorization(Policies.For(Permissions.CredentialsManage))
            .Produces<CredentialResponse>(StatusCodes.Status201Created).DisableAntiforgery()
            .WithSummary("Add a credential (R-K1): multipart workerId or companyId, credentialTypeId, issueDate, expiryDate, credentialNumber, files.");
        credentials.MapGet("/export.csv", async ([AsParameters] ListCredentialsQuery query, ExportCredentials export, HttpContext http, CancellationToken ct) =>
            {
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"credentials.csv\"";
                await export.WriteAsync(query, http.Response.Body, ct);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.For(Permissions.View))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The same filtered list as CSV (R-K9): streamed, UTF-8 with BOM, formula cells escaped; the first columns are the import format.");
        credentials.MapGet("/{id:guid}", async (Guid id, CredentialDetails details, CancellationToken ct) => TypedResults.Ok(await details.GetAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.View));
        credentials.MapGet("/{id:guid}/versions", async (Guid id, CredentialDetails details, CancellationToken ct) => TypedResults.Ok(await details.VersionsAsync(id, ct)))
            .RequireAuthorization(Policies.For(Permissions.View));
        credentials.MapPost("/{id:guid}/versions", async (Guid id, HttpRequest request, StreamingMultipart multipart, ManageCredential manage, CredentialDetails details, CancellationToken ct) =>
            {
                MultipartForm? form = null;
                try
                {
                    var credential = await manage.AddVersionAsync(id, async () => CredentialForm.From(form = await multipart.ReadAsync(request, ct)), ct);
                    return TypedResults.Created($"{request.Path}/{credential.LatestVersionNumber}", await details.ToResponseAsync(credential, ct));
                }
                finally
                {
                    form?.Dispose();
                }
            })
            .RequireAuthorization(Policies.For(Permissions.CredentialsManage))
            .Produces<CredentialResponse>(StatusCodes.Status201Created).DisableAntiforgery()
            .WithSummary("Add a version: a renewal (R-K2).");
        credentials.MapPatch("/{id:guid}/versions/latest", async (Guid id, HttpRequest request, StreamingMultipart multipart, ManageCredential manage, CredentialDetails details, CancellationToken ct) =>
            {
                MultipartForm? form = null;
                try
                {
                    var credential = await manage.EditLatestAsync(id, async () => CredentialForm.From(form = await multipart.ReadAsync(request, ct)), ct);
                    return TypedResults.Ok(await details.ToResponseAsync(credential, ct));
                }
                finally
                {
                    form?.Dispose();
                }
            })
            .RequireAuthorization(Policies.For(Permissions.CredentialsManage))
            .Produces<CredentialResponse>().DisableAntiforgery()
            .WithSummary("Edit the latest version (R-K2): dates, number; files sent replace its files. A reviewed version is final.");
        credentials.MapGet("/{id:guid}/activity", async (Guid id, CredentialDetails details, CancellationToken ct) =>
                TypedResults.Ok(new { items = await details.ActivityAsync(id, ct) }))
            .RequireAuthorization(Policies.For(Permissions.View));
        credentials.MapGet("/{id:guid}/versions/{number:int}/files/{fileId:guid}", async (Guid id, int number, Guid fileId, bool? inline, CredentialDetails details, CancellationToken ct) =>
                await details.FileAsync(id, number, fileId, inline == true, ct))
            .RequireAuthorization(Policies.For(Permissions.View))
            .WithSummary("Download a media file (attachment; inline=true shows JPEG/PNG in an <img>).");
        credentials.MapPost("/{id:guid}/archive", async (Guid id, ManageCredential manage, CredentialDetails details, CancellationToken ct) =>
                TypedResults.Ok(await details.ToResponseAsync(await manage.ArchiveAsync(id, archive: true, ct), ct)))
            .RequireAuthorization(Policies.For(Permissions.CompaniesManage));
        credentials.MapPost("/{id:guid}/restore", async (Guid id, ManageCredential manage, CredentialDetails details, CancellationToken ct) =>
                TypedResults.Ok(await details.ToResponseAsync(await manage.ArchiveAsync(id, archive: false, ct), ct)))
            .RequireAuthorization(Policies.For(Permissions.CompaniesManage));
        credentials.MapDelete("/{id:guid}", async (Guid id, Guid? confirm, ManageCredential manage, CancellationToken ct) =>
            {
                await manage.DeleteAsync(id, confirm, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.For(Permissions.CredentialsDelete))
            .WithSummary("Delete an archived credential; confirm with ?confirm={id} (R-K5).");

        var reviews = app.MapGroup("/api/v1/operator").WithTags("Operator").RequireAuthorization(Policies.ComplianceReview);
        reviews.MapGet("/verification-queue", async (Guid? credentialTypeId, Guid? organizationId, int? page, int? pageSize, ReviewCredentials review, CancellationToken ct) =>
                TypedResults.Ok(await review.QueueAsync(credentialTypeId, organizationId, page, pageSize, ct)))
            .WithSummary("Pending versions, oldest first, with age in business days against the 3-day target (R-K10).");
        reviews.MapPost("/credentials/{id:guid}/versions/{number:int}/approve", async (Guid id, int number, ReviewCredentials review, CancellationToken ct) =>
            {
                await review.ApproveAsync(id, number, ct);
                return TypedResults.Ok(new { status = "verified" });
            });
        reviews.MapPost("/credentials/{id:guid}/versions/{number:int}/reject", async (Guid id, int number, RejectVersionRequest request, ReviewCredentials review, CancellationToken ct) =>
            {
                await review.RejectAsync(id, number, request, ct);
                return TypedResults.Ok(new { status = "notAccepted" });
            });

        var me = app.MapGroup("/api/v1/me/credentials").WithTags("Worker self-service").RequireAuthorization(Policies.Authenticated);
        me.MapGet("", async (HttpContext http, OwnCredentials own, CancellationToken ct) => TypedResults.Ok(await own.ListAsync(http.User.UserId()!.Value, ct)))
            .WithSummary("A self-managed worker's own credentials.");
        me.MapPost("", async (HttpContext http, OwnCredentials own, StreamingMultipart multipart, CredentialDetails details, CancellationToken ct) =>
            {
                MultipartForm? form = null;
                try
                {
                    var credential = await own.AddAsync(http.User.UserId()!.Value, async () => CredentialForm.From(form = await multipart.ReadAsync(http.Request, ct)), ct);
                    return TypedResults.Created($"/api/v1/me/credentials/{credential.Id}", await details.ToResponseAsync(credential, ct));
                }
                finally
                {
                    form?.Dispose();
                }
            })
            .Produces<CredentialResponse>(StatusCodes.Status201Created).DisableAntiforgery()
            .WithSummary("A self-managed worker adds their own credential.");
    }
}

/// <summary>The multipart fields of a credential upload, for the OpenAPI document.</summary>
public sealed record CredentialUpload(Guid? WorkerId, Guid? CompanyId, Guid CredentialTypeId, DateOnly? IssueDate, DateOnly? ExpiryDate, string? CredentialNumber, IFormFileCollection Files);
