using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Workers;

/// <summary>
/// One worker: the Profile tab (R-W6 edits), the Clients tab (R-W1 connections, with R-W2's prompt to
/// invite), the Credentials tab (their current credentials with status) and the Actions menu (R-W3 invite/resend, R-W5 disable/reactivate). Everyone who can view
/// sees it; changes need workers.manage. A worker of another organisation is not found: 404.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class WorkerDetailsModel(WorkerRecords records, ManageWorker manage, ListCredentials credentials, Actor actor) : PageModel
{
    public sealed class ProfileForm
    {
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Mobile { get; set; }
        public string? ManagementMode { get; set; }
    }

    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid WorkerId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    /// <summary>"disable": the confirmation step without script.</summary>
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }
    /// <summary>"invite": R-W2's question after a connection to an app location.</summary>
    [BindProperty(SupportsGet = true)] public string? Prompt { get; set; }
    [BindProperty] public ProfileForm Input { get; set; } = new();

    public WorkerResponse Worker { get; private set; } = null!;
    public IReadOnlyList<ClientChoice> ConnectedClients { get; private set; } = [];
    public bool CanManage => actor.Role?.Grants(Permissions.WorkersManage) == true;
    public bool OnClientsTab => Tab == "clients";
    public bool OnCredentialsTab => Tab == "credentials";
    public bool CanManageCredentials => actor.Role?.Grants(Permissions.CredentialsManage) == true;
    /// <summary>The worker's current (not archived) credentials; the Credentials page lists the archived ones.</summary>
    public PageOf<CredentialRow> Credentials { get; private set; } = new([], 1, 1, 0);
    public string Name => StatusNames.PersonName(Worker.FirstName, Worker.LastName, Worker.Email);
    public string Self => UrlFor(Tab);

    public string UrlFor(string? tab, string? confirm = null, string? prompt = null)
    {
        var query = new Dictionary<string, string?>();
        if (tab is "clients" or "credentials") query["tab"] = tab;
        if (confirm is not null) query["confirm"] = confirm;
        if (prompt is not null) query["prompt"] = prompt;
        return QueryHelpers.AddQueryString($"/orgs/{OrgId}/workers/{WorkerId}", query);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input = new ProfileForm
        {
            FirstName = Worker.FirstName, LastName = Worker.LastName, Email = Worker.Email, Mobile = Worker.Mobile,
            ManagementMode = JsonNames.Camel(Worker.ManagementMode.ToString()),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken ct)
    {
        if (!CanManage) return Forbid();
        try
        {
            var worker = await manage.UpdateAsync(WorkerId, new UpdateWorkerRequest(Input.FirstName, Input.LastName, Input.Email, Input.Mobile, Input.ManagementMode), ct);
            TempData["Flash"] = $"{StatusNames.PersonName(worker.FirstName, worker.LastName, worker.Email)}'s profile was saved.";
            return LocalRedirect(UrlFor(null));
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(ProfileForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Someone else changed this worker at the same moment. Reload the page and try again.");
        }
        Tab = null;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostInviteAsync(CancellationToken ct) =>
        ChangeAsync(() => manage.InviteAsync(WorkerId, ct),
            w => $"An invitation was sent to {w.Email}. Any earlier invitation link no longer works.", "No invitation was sent");

    public Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        ChangeAsync(() => manage.DisableAsync(WorkerId, ct),
            w => $"{NameOf(w)} has been disabled: they cannot sign in or check in until reactivated.", "The worker was not disabled");

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) =>
        ChangeAsync(() => manage.ReactivateAsync(WorkerId, ct),
            w => w.InviteStatus == InviteStatus.Invited
                ? $"{NameOf(w)} has been reactivated (Invited): a fresh invitation was sent to {w.Email}."
                : $"{NameOf(w)} has been reactivated ({w.InviteStatus}).",
            "The worker was not reactivated");

    public Task<IActionResult> OnPostConnectAsync(Guid? clientId, List<Guid>? locations, CancellationToken ct) =>
        ChangeAsync(() => manage.ConnectClientAsync(WorkerId, new ClientConnectionChoice(clientId, locations ?? []), ct),
            w => $"{NameOf(w)} is connected to {w.ClientConnections.FirstOrDefault(c => c.ClientId == clientId)?.ClientName ?? "the client"}: {Where(w, clientId)}.",
            "The client connection was not saved",
            w => UrlFor("clients", prompt: w.PromptInvite ? "invite" : null));

    public Task<IActionResult> OnPostDisconnectAsync(Guid clientId, CancellationToken ct) =>
        ChangeAsync(async () =>
            {
                await manage.DisconnectClientAsync(WorkerId, clientId, ct);
                var (worker, person) = await records.LoadAsync(WorkerId, ct);
                return await records.ToResponseAsync(worker, person, ct);
            },
            w => $"{NameOf(w)} is no longer connected to that client.", "The client connection was not removed",
            _ => UrlFor("clients"));

    private async Task<IActionResult> ChangeAsync(Func<Task<WorkerResponse>> change, Func<WorkerResponse, string> done, string refused,
        Func<WorkerResponse, string>? next = null)
    {
        if (!CanManage) return Forbid();
        var back = UrlFor(Tab);
        try
        {
            var worker = await change();
            TempData["Flash"] = done(worker);
            if (next is not null) back = next(worker);
        }
        catch (DomainException ex)
        {
            // Not found is a 404 only when the worker itself is missing (another organisation's id).
            if (ex.Kind == DomainErrorKind.NotFound && !await ExistsAsync()) return NotFound();
            TempData["FlashError"] = $"{refused}: {ex.Message}";
        }
        catch (RequestValidationException ex)
        {
            TempData["FlashError"] = $"{refused}: {FormErrors.Describe(ex)}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = $"{refused}: someone else changed this worker at the same moment. Try again.";
        }
        return LocalRedirect(back);
    }

    private async Task<bool> ExistsAsync()
    {
        try
        {
            await records.LoadAsync(WorkerId, HttpContext.RequestAborted);
            return true;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return false;
        try
        {
            var (worker, person) = await records.LoadAsync(WorkerId, ct);
            Worker = await records.ToResponseAsync(worker, person, ct);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
        ConnectedClients = await records.ConnectedClientsAsync(ct);
        Credentials = await credentials.HandleAsync(new ListCredentialsQuery(WorkerId, null, null, null, null, null, null, "type", 1,
            OnCredentialsTab ? Paging.MaxPageSize : 1), ct);
        return true;
    }

    private static string Where(WorkerResponse w, Guid? clientId) =>
        w.ClientConnections.FirstOrDefault(c => c.ClientId == clientId) is { Locations.Count: > 0 } c
            ? string.Join(", ", c.Locations.Select(l => l.Name))
            : "all locations";

    private static string NameOf(WorkerResponse w) => StatusNames.PersonName(w.FirstName, w.LastName, w.Email);
}
