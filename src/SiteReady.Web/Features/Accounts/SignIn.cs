using Microsoft.AspNetCore.Identity;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>
/// Checks an email and password. Unknown email, wrong password and a locked account all get the same
/// answer (no enumeration); Identity's lockout (5 failures → 5 minutes) caps guesses at 60 an hour per account.
/// </summary>
public sealed class SignIn(AppDb db, UserManager<AppUser> users, SignInManager<AppUser> signIn)
{
    private static readonly AppUser Dummy = new() { Id = Guid.Empty };
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(Dummy, "not-a-real-password-at-all"));

    public async Task<AppUser> CheckAsync(LoginRequest request)
    {
        var errors = new FieldErrors();
        var email = errors.Required("email", request.Email, 254);
        if (string.IsNullOrEmpty(request.Password)) errors.Add("password", "Required.");
        errors.ThrowIfAny();

        var user = await users.FindByEmailAsync(email!);
        if (user?.PasswordHash is null)
        {
            // Same work as a real check, so timing does not reveal whether the account exists.
            users.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash.Value, request.Password!);
            throw Refused();
        }
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (!result.Succeeded) throw Refused();

        // R-U2, R-W5: refused when every role the person has is disabled.
        var memberships = await db.MembershipsOfAsync(user.Id);
        var worker = await db.WorkerOfPersonAsync(user.Id);
        var anyActive = memberships.Any(m => m.Status == MembershipStatus.Active) || worker is { InviteStatus: not InviteStatus.Disabled };
        var anyDisabled = memberships.Any(m => m.Status == MembershipStatus.Disabled) || worker is { InviteStatus: InviteStatus.Disabled };
        if (anyDisabled && !anyActive)
            throw new DomainException("account-disabled", "This account has been disabled. Contact your organisation's administrator.", DomainErrorKind.Unauthenticated);
        return user;
    }

    private static DomainException Refused() =>
        new(Problems.InvalidCredentials, "Email or password is incorrect, or the account is locked for a few minutes after repeated failures.", DomainErrorKind.Unauthenticated);
}
