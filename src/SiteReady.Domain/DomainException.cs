namespace SiteReady.Domain;

/// <summary>A business rule refused an action. <see cref="Code"/> is stable and documented in docs/errors.md.</summary>
public class DomainException(string code, string message, DomainErrorKind kind = DomainErrorKind.Conflict)
    : Exception(message)
{
    public string Code { get; } = code;
    public DomainErrorKind Kind { get; } = kind;
}

/// <summary>How the HTTP layer should report a refused action.</summary>
public enum DomainErrorKind
{
    Invalid,      // 400
    Unauthenticated, // 401
    Forbidden,    // 403
    NotFound,     // 404
    Conflict,     // 409
    Gone,         // 410
    Unprocessable // 422
}
