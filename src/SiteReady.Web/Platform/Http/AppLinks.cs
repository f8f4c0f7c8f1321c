namespace SiteReady.Web.Platform.Http;

/// <summary>Absolute links for emails: <c>SiteReady:PublicUrl</c> when set, else the address of the current request.</summary>
public sealed class AppLinks(IConfiguration configuration, IHttpContextAccessor http)
{
    public string Base
    {
        get
        {
            var configured = configuration["SiteReady:PublicUrl"];
            if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
            var request = http.HttpContext?.Request;
            return request is null ? "http://127.0.0.1:5000" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    public string To(string path) => Base + (path.StartsWith('/') ? path : "/" + path);
}
