using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;

namespace SiteReady.Web.Platform.Errors;

/// <summary>Turns rule refusals and invalid input into problem details; anything else is a bare 500 with a correlation id.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // Pages fall through to the exception handling path (/error/500), which shows a friendly page.
        // The middleware has already pointed the request at /error/500; judge by the path that failed.
        var failedPath = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path;
        if (!Http.HttpPipeline.IsApi(failedPath)) return false;
        IResult result = exception switch
        {
            RequestValidationException v => Problems.Invalid(v.Errors),
            SiteReady.Domain.Credentials.CredentialInvalidException c => Problems.Invalid(c.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
            DomainException d => Problems.Of(StatusFor(d.Kind), d.Code, d.Message),
            DbUpdateConcurrencyException => Problems.Of(409, Problems.ConcurrencyConflict, "Someone else changed this at the same moment. Reload and try again."),
            _ when IsWriteCollision(exception) => Problems.Of(409, Problems.ConcurrencyConflict, "Someone else changed this at the same moment. Reload and try again."),
            BadHttpRequestException { StatusCode: 415 } b => Problems.Of(415, Problems.UnsupportedMediaType, b.Message),
            BadHttpRequestException b => Problems.Of(b.StatusCode, Problems.CodeForStatus(b.StatusCode), "The request could not be read: check the body is well-formed (valid JSON or multipart/form-data) with the expected fields."),
            _ => Problems.Of(500, Problems.InternalError, $"An unexpected error occurred. Quote this id when you contact support: {context.TraceIdentifier}."),
        };
        if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { StatusCode: 500 })
            log.LogError(exception, "Unhandled error for {Method} {Path} ({TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
        await result.ExecuteAsync(context);
        return true;
    }

    /// <summary>
    /// PostgreSQL gave up one of two transactions that waited on each other (deadlock, 40P01) or could not be
    /// ordered (serialization failure, 40001). Nothing of it was saved; trying again is the answer.
    /// </summary>
    public static bool IsWriteCollision(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure })
                return true;
        return false;
    }

    public static int StatusFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => 400,
        DomainErrorKind.Unauthenticated => 401,
        DomainErrorKind.Forbidden => 403,
        DomainErrorKind.NotFound => 404,
        DomainErrorKind.Conflict => 409,
        DomainErrorKind.Gone => 410,
        _ => 422,
    };
}
