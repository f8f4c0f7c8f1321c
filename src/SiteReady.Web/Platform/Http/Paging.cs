using Microsoft.EntityFrameworkCore;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Http;

/// <summary>List responses: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary><c>?page=1&amp;pageSize=50</c>, at most 500 a page.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 500;

    public static Paging From(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page is < 1) errors.Add("page", "Must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"Must be between 1 and {MaxPageSize}.");
        errors.ThrowIfAny();
        return new Paging(page ?? 1, pageSize ?? 50);
    }

    public async Task<PageOf<TOut>> ApplyAsync<TIn, TOut>(IQueryable<TIn> ordered, Func<TIn, TOut> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip((Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new PageOf<TOut>(rows.Select(map).ToList(), Page, PageSize, total);
    }
}
