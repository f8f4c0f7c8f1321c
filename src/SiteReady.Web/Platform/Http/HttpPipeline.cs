using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Platform.Http;

public static class HttpPipeline
{
    /// <summary>CSP, nosniff, frame-ancestors and a strict referrer policy on every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        var isDocs = context.Request.Path.StartsWithSegments("/api/docs");
        // Swagger UI needs inline bootstrap script and styles; everything else gets the strict policy.
        headers.ContentSecurityPolicy = isDocs
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
            : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next();
    });

    /// <summary>Empty error responses become problem details under /api and a friendly page elsewhere.</summary>
    public static IApplicationBuilder UseStatusCodePagesForApiAndPages(this IApplicationBuilder app)
    {
        app.UseWhen(c => !IsApi(c), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(IsApi, b => b.UseStatusCodePages());
        return app;
    }

    /// <summary>Machine endpoints answer with problem details; everything else is a page for people.</summary>
    public static bool IsApi(HttpContext context) => IsApi(context.Request.Path);

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi");
}
