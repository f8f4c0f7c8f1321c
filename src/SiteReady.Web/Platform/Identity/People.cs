using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Identity;

/// <summary>Creating and finding accounts (R-U1) without saving, so callers keep one transaction per use case.</summary>
public sealed class People(AppDb db, UserManager<AppUser> users, TimeProvider clock)
{
    public Task<AppUser?> FindByEmailAsync(string email) => users.FindByEmailAsync(email.Trim());

    public AppUser New(string email, string firstName, string lastName)
    {
        email = email.Trim();
        var user = new AppUser
        {
            Id = Ids.New(clock),
            Email = email,
            UserName = email,
            NormalizedEmail = users.NormalizeEmail(email),
            NormalizedUserName = users.NormalizeName(email),
            FirstName = firstName,
            LastName = lastName,
            CreatedAt = clock.GetUtcNow(),
            SecurityStamp = NewStamp(),
            ConcurrencyStamp = NewStamp(),
            LockoutEnabled = true,
        };
        db.Users.Add(user);
        return user;
    }

    /// <summary>Checks the password rules (length 12+, not common) and reports failures under <paramref name="field"/>.</summary>
    public async Task<string[]> PasswordProblemsAsync(AppUser user, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        return problems.Distinct().ToArray();
    }

    public async Task SetPasswordAsync(AppUser user, string password, string field = "password")
    {
        var problems = await PasswordProblemsAsync(user, password);
        if (problems.Length > 0) throw new RequestValidationException(new Dictionary<string, string[]> { [field] = problems });
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.SecurityStamp = NewStamp();
    }

    public bool PasswordMatches(AppUser user, string password) =>
        user.PasswordHash is not null && users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Ends every session and token of the person on their next request.</summary>
    public static void EndSessions(AppUser user) => user.SecurityStamp = NewStamp();

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
}
