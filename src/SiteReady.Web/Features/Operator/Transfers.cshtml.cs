using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Features.Workers;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Operator;

/// <summary>
/// Operator › Transfers (R-W4): customer care's queue of workers another contractor asked for.
/// Record the worker's approval, then complete; or reject with a reason (confirmed in a dialog).
/// </summary>
[Authorize(Policy = Policies.CustomerCare)]
public sealed class TransfersModel(TransferRequests queue) : PageModel
{
    public const int PageSize = 50;
    public const string Path = "/operator/transfers";

    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    /// <summary>The transfer being rejected: the confirmation step without script, or after an error.</summary>
    [BindProperty(SupportsGet = true, Name = "reject")] public Guid? RejectId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public PageOf<TransferRequestResponse> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool IsFiltered => !string.IsNullOrWhiteSpace(StatusFilter);
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total, UrlFor);
    public TransferRequestResponse? Rejecting => Result.Items.FirstOrDefault(t => t.Id == RejectId && t.DecidedAt is null);
    public string ReturnUrl => UrlFor(Result.Page);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(() => queue.RecordWorkerApprovalAsync(id, ct),
            t => $"Recorded that {t.WorkerName} approved moving to {t.ToContractorName}. Complete the transfer when ready.", "The approval was not recorded");

    public Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(() => queue.CompleteAsync(id, ct),
            t => $"{t.WorkerName} moved from {t.FromContractorName} to {t.ToContractorName}; the requester has been emailed.", "The transfer was not completed");

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var rejected = await queue.RejectAsync(id, new RejectTransferRequest(Reason), ct);
            TempData["Flash"] = $"The transfer of {rejected.WorkerName} to {rejected.ToContractorName} was rejected; the requester has been emailed.";
            return LocalRedirect(UrlFor(Math.Max(1, PageNumber ?? 1)));
        }
        catch (RequestValidationException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value)) ModelState.AddModelError(nameof(Reason), message);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"The transfer was not rejected: {ex.Message}";
            return LocalRedirect(UrlFor(Math.Max(1, PageNumber ?? 1)));
        }
        RejectId = id;
        await LoadAsync(ct);
        return Page();
    }

    public string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(StatusFilter)) query["status"] = StatusFilter;
        if (page > 1) query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, query);
    }

    private async Task<IActionResult> ChangeAsync(Func<Task<TransferRequestResponse>> change, Func<TransferRequestResponse, string> done, string refused)
    {
        try
        {
            TempData["Flash"] = done(await change());
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"{refused}: {ex.Message}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = $"{refused}: someone else handled it at the same moment. Check the queue and try again.";
        }
        return LocalRedirect(UrlFor(Math.Max(1, PageNumber ?? 1)));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Result = await queue.ListAsync(StatusFilter, Math.Max(1, PageNumber ?? 1), PageSize, ct);
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddModelError("", "The list filter was not understood. " + FormErrors.Describe(ex));
            StatusFilter = null;
            Result = await queue.ListAsync(null, 1, PageSize, ct);
        }
    }
}
