using Microsoft.AspNetCore.Http;

namespace Methane.Dashboard.Web;

/// <summary>Every reply: no sniffing, no framing, no referrer, scripts and styles only from the dashboard itself.</summary>
public static class SecurityHeaders
{
    public static Task Add(HttpContext context, Func<Task> next)
    {
        var h = context.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
        h.CacheControl = "no-store";
        return next();
    }
}
