using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Workers;

/// <summary>
/// My team › Workers › Add a worker (R-W1, R-W2, R-W4): the AddWorker use case, with its refusals
/// (registered elsewhere, already a worker) shown above the form.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.WorkersManage)]
public sealed class NewWorkerModel(AddWorker add, WorkerRecords records, Actor actor) : PageModel
{
    public sealed class WorkerForm
    {
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Mobile { get; set; }
        public string? ManagementMode { get; set; } = "employerManaged";
        /// <summary>Chosen clients; a chosen location implies its client.</summary>
        public List<Guid> Clients { get; set; } = [];
        public List<Guid> Locations { get; set; } = [];
    }

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty] public WorkerForm Input { get; set; } = new();
    public IReadOnlyList<ClientChoice> ConnectedClients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        ConnectedClients = await records.ConnectedClientsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        ConnectedClients = await records.ConnectedClientsAsync(ct);
        try
        {
            var worker = await add.HandleAsync(new AddWorkerRequest(Input.FirstName, Input.LastName, Input.Email, Input.Mobile,
                Input.ManagementMode, Choices()), ct);
            TempData["Flash"] = Added(worker);
            return Redirect($"/orgs/{OrgId}/workers/{worker.Id}");
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(WorkerForm));
        }
        catch (DomainException ex) when (ex.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddRefusal(ex);
        }
        return Page();
    }

    private List<ClientConnectionChoice> Choices()
    {
        var choices = ConnectedClients
            .Where(c => Input.Clients.Contains(c.ClientId) || c.Locations.Any(l => Input.Locations.Contains(l.Id)))
            .Select(c => new ClientConnectionChoice(c.ClientId, c.Locations.Where(l => Input.Locations.Contains(l.Id)).Select(l => l.Id).ToList()))
            .ToList();
        // A client that is no longer connected stays in the request, so the use case says so.
        choices.AddRange(Input.Clients.Distinct().Where(id => ConnectedClients.All(c => c.ClientId != id)).Select(id => new ClientConnectionChoice(id, [])));
        return choices;
    }

    private static string Added(WorkerResponse w)
    {
        var name = StatusNames.PersonName(w.FirstName, w.LastName, w.Email);
        return w.InviteStatus switch
        {
            InviteStatus.Invited => w.ManagementMode == ManagementMode.SelfManaged
                ? $"{name} was added and invited: an email to {w.Email} asks them to activate their account and complete their requirements."
                : $"{name} was added and invited: an email to {w.Email} asks them to get the check-in app and activate their account.",
            InviteStatus.Active => $"{name} was added and is Active: they already had a SiteReady account.",
            _ => $"{name} was added with status Initial: none of their client locations uses the check-in app, so no invitation was sent. You can invite them from Actions.",
        };
    }
}
