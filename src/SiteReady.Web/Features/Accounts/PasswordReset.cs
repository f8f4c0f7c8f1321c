using Microsoft.AspNetCore.Identity;
using SiteReady.Domain;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Email;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;
using SiteReady.Web.Platform.Identity;

namespace SiteReady.Web.Features.Accounts;

public sealed record ForgotPasswordRequest(string? Email);
public sealed record ResetPasswordRequest(string? Email, string? Code, string? NewPassword);

/// <summary>The answer to "forgot password" is the same whether or not the account exists; the email carries a one-time code.</summary>
public sealed class PasswordReset(AppDb db, UserManager<AppUser> users, People people, AppLinks links, TimeProvider clock)
{
    public async Task RequestAsync(ForgotPasswordRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = errors.Email("email", request.Email);
        errors.ThrowIfAny();
        var user = await users.FindByEmailAsync(email!);
        if (user?.PasswordHash is null) return;
        var code = await users.GeneratePasswordResetTokenAsync(user);
        db.Outbox.Add(Mail.Compose(Ids.New(clock), clock.GetUtcNow(), null, "password-reset", user.Email!, user.FirstName,
            "Reset your SiteReady password",
            ["Someone asked to reset the password of your SiteReady account. If it was you, choose a new password with the link below.",
             "If it was not you, ignore this email: your password stays as it is."],
            "Choose a new password", links.To($"/reset-password?email={Uri.EscapeDataString(user.Email!)}&code={Uri.EscapeDataString(code)}")));
        await db.SaveChangesAsync(ct);
    }

    public async Task ResetAsync(ResetPasswordRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = errors.Email("email", request.Email);
        var code = errors.Required("code", request.Code, 2000);
        if (string.IsNullOrEmpty(request.NewPassword)) errors.Add("newPassword", "Required.");
        errors.ThrowIfAny();

        var user = await users.FindByEmailAsync(email!);
        if (user is null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, code!))
            throw new DomainException(Problems.InvalidResetCode, "This reset link is not valid or has expired. Ask for a new one.", DomainErrorKind.Invalid);
        await people.SetPasswordAsync(user, request.NewPassword!, "newPassword");
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await db.SaveChangesAsync(ct);
    }
}
