using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace SiteReady.Web.Platform.Identity;

/// <summary>
/// Length (12+, set in Identity options) and a deny-list, no composition rules: common, repeated or
/// sequential passwords and the account's own email are refused.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        var lower = password.Trim().ToLowerInvariant();
        var refused = Common.Value.Contains(lower)
            || lower.Distinct().Count() <= 2
            || IsSequence(lower)
            || (user.Email is { } email && (lower == email.ToLowerInvariant() || lower == email.Split('@')[0].ToLowerInvariant()));
        return Task.FromResult(refused
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = "This password is too common or easy to guess. Choose a longer phrase of your own." })
            : IdentityResult.Success);
    }

    private static bool IsSequence(string s)
    {
        var step = s[1] - s[0];
        if (Math.Abs(step) != 1) return false;
        for (var i = 2; i < s.Length; i++)
            if (s[i] - s[i - 1] != step) return false;
        return true;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SiteReady.Web.Platform.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("Embedded password list missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim());
        return set;
    }
}
