namespace SiteReady.Web.Features.Shared;

/// <summary>Previous/next links for a list page; <paramref name="UrlFor"/> keeps the list's filters.</summary>
public sealed record Pager(int Page, int PageSize, int Total, Func<int, string> UrlFor)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;
    public int Last => Math.Min(Total, Page * PageSize);
}
