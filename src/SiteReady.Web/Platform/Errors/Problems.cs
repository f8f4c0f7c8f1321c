using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace SiteReady.Web.Platform.Errors;

/// <summary>Stable problem codes (documented in docs/errors.md) and the RFC 9457 responses that carry them.</summary>
public static class Problems
{
    public const string TypePrefix = "https://siteready.app/problems/";

    public const string ValidationFailed = "validation-failed";
    public const string BadRequest = "bad-request";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string Conflict = "conflict";
    public const string ConcurrencyConflict = "concurrency-conflict";
    public const string RateLimited = "rate-limited";
    public const string InternalError = "internal-error";
    public const string InvalidCredentials = "invalid-credentials";
    public const string InvalidRefreshToken = "invalid-refresh-token";
    public const string InvalidResetCode = "invalid-reset-code";
    public const string SessionRevoked = "session-revoked";
    public const string UserAlreadyMember = "user-already-member";

    public static string CodeForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        >= 500 => InternalError,
        _ => "http-" + status,
    };

    public static string TitleForStatus(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Sign in to continue.",
        403 => "You do not have permission to do this.",
        404 => "Not found.",
        405 => "This method is not allowed here.",
        409 => "The request conflicts with the current state.",
        410 => "This link is no longer valid.",
        415 => "Unsupported content type.",
        422 => "The request cannot be processed.",
        429 => "Too many requests.",
        _ => "Something went wrong.",
    };

    public static ProblemHttpResult Of(int status, string code, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + code,
            Title = TitleForStatus(status),
            Detail = detail,
            Extensions = { ["code"] = code },
        });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid.", type: TypePrefix + ValidationFailed,
            title: TitleForStatus(400), extensions: new Dictionary<string, object?> { ["code"] = ValidationFailed });
}
