using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// Credentials › Add a credential (R-K1): for one of the contractor's workers or for the company, with the
/// type's dates and the document's photos or PDF, through ManageCredential.AddAsync.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.CredentialsManage)]
public sealed class NewCredentialModel(ManageCredential manage, CredentialDetails details, CredentialTypes types, ListWorkers workers, AppShell shell,
    Actor actor, StreamingMultipart multipart, IAntiforgery antiforgery) : CredentialUploadPageModel(multipart, antiforgery)
{
    public const string CompanySubject = "company";

    public Guid OrgId => RouteId("orgId");
    public IReadOnlyList<CredentialTypeResponse> Types { get; private set; } = [];
    public IReadOnlyList<WorkerResponse> Workers { get; private set; } = [];
    public string CompanyName { get; private set; } = "";
    /// <summary>The worker the form was opened for (from their Credentials tab), for the way back.</summary>
    public WorkerResponse? FromWorker => Guid.TryParse(Input.Subject, out var id) ? Workers.FirstOrDefault(w => w.Id == id) : null;

    public async Task<IActionResult> OnGetAsync(Guid? workerId, CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        await LoadAsync(ct);
        if (workerId is { } id && Workers.Any(w => w.Id == id)) Input.Subject = id.ToString();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        var ct = HttpContext.RequestAborted;
        var done = await ReceiveAsync(async read =>
        {
            var credential = await manage.AddAsync(await read(), ct);
            var added = await details.ToResponseAsync(credential, ct);
            TempData["Flash"] = $"{added.CredentialType.Name} was added for {added.Subject.Name}. " + (added.Status == CredentialStatus.Pending
                ? "It is Pending until the SiteReady compliance team verifies it."
                : $"Its status is {StatusNames.Display(added.Status)}.");
            return $"/orgs/{OrgId}/credentials/{credential.Id}";
        }, WithSubject);
        if (done is not null) return done;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The one "Belongs to" choice becomes the use case's workerId or companyId.</summary>
    private CredentialForm WithSubject(CredentialForm form)
    {
        var subject = Request.Form["subject"].ToString();
        if (subject == CompanySubject) return form with { WorkerId = null, CompanyId = OrgId };
        if (Guid.TryParse(subject, out var workerId)) return form with { WorkerId = workerId, CompanyId = null };
        throw RequestValidationException.For("subject", "Choose a worker, or your company for a company credential.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Types = await types.ListAsync(ct);
        Workers = (await workers.HandleAsync(new ListWorkersQuery(null, null, null, null, null, null, 1, CredentialsModel.MaxWorkerChoices), ct)).Items;
        CompanyName = (await shell.LoadAsync())?.Current?.OrganizationName ?? "Your company";
    }
}
