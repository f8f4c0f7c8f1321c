using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Workers;

/// <summary>R-W4: a contractor asked to employ this person; they accept (and become its worker) or decline.</summary>
public sealed class MyEmployerRequestsModel(EmployerRequests requests) : PageModel
{
    public IReadOnlyList<EmployerRequestResponse> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await requests.ListAsync(User.UserId()!.Value, ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) =>
        AnswerAsync(() => requests.AcceptAsync(User.UserId()!.Value, id, ct),
            r => $"You are now a worker of {r.EmployerName}.", "/me");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct) =>
        AnswerAsync(() => requests.DeclineAsync(User.UserId()!.Value, id, ct),
            r => $"You declined {r.EmployerName}'s request; they have been told.", "/me/employer-requests");

    private async Task<IActionResult> AnswerAsync(Func<Task<EmployerRequestResponse>> answer, Func<EmployerRequestResponse, string> done, string next)
    {
        try
        {
            TempData["Flash"] = done(await answer());
            return LocalRedirect(next);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"Your answer was not recorded: {ex.Message}";
            return LocalRedirect("/me/employer-requests");
        }
    }
}
