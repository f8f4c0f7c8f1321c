using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Home;

/// <summary>
/// Friendly error page for people: status codes are re-executed here, an unhandled exception in a page
/// arrives as 500 with the exception attached. Accepts any method because re-execution keeps it.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string TraceId => HttpContext.TraceIdentifier;

    public void OnGet(int code) => Describe(code);
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        string? detail = null;
        switch (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error)
        {
            case DomainException d:
                code = ProblemExceptionHandler.StatusFor(d.Kind);
                detail = d.Message;
                break;
            case RequestValidationException:
                code = 400;
                break;
            case DbUpdateConcurrencyException:
                code = 409;
                detail = "Someone else changed this at the same moment. Go back, reload and try again.";
                break;
            case not null:
                code = 500;
                break;
        }
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        (Heading, Message) = Code switch
        {
            400 => ("Something was wrong with that request", "The form may have expired. Go back, reload the page and try again."),
            401 => ("Please sign in", "Sign in to continue."),
            403 => ("You do not have access to this page", "Your role in this organisation does not allow it. Ask an administrator if you need access."),
            404 => ("Page not found", "The page or record does not exist, or it belongs to another organisation. Check the address or go back."),
            409 => ("That change could not be made", "It conflicts with the current state. Reload and try again."),
            410 => ("This link is no longer valid", "It has been used, replaced or has expired."),
            429 => ("Too many attempts", "Wait a minute, then try again."),
            >= 500 => ("Something went wrong on our side", "The problem has been logged. Try again in a moment; if it keeps happening, contact support and quote the reference below."),
            _ => ("Something went wrong", "Go back and try again."),
        };
        if (detail is not null) Message = detail;
    }
}
