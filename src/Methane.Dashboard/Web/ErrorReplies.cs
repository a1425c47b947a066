using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Methane.Dashboard.Web;

/// <summary>
/// Error replies say what went wrong in one line and nothing more: no stack trace, no SQL, no path. The API answers
/// JSON <c>{"error": …}</c>, pages plain text.
/// </summary>
public static class ErrorReplies
{
    public static void Handle(IApplicationBuilder app) => app.Run(async context =>
    {
        Exception? e = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        (int status, string message) = e is StoreUnavailableException
            ? (StatusCodes.Status503ServiceUnavailable, "the store is not open yet; try again in a moment")
            : (StatusCodes.Status500InternalServerError, "internal error; the server log has the details");
        context.Response.StatusCode = status;
        await Write(context, message);
    });

    public static Task StatusPage(StatusCodeContext ctx)
    {
        HttpContext context = ctx.HttpContext;
        string message = context.Response.StatusCode switch
        {
            404 => "not found",
            400 => "bad request",
            _ => ReasonPhrases.GetReasonPhrase(context.Response.StatusCode).ToLowerInvariant(),
        };
        return Write(context, message);
    }

    public static Task Write(HttpContext context, string message)
    {
        if (context.Request.Path.StartsWithSegments("/api")) return context.Response.WriteAsJsonAsync(new { error = message });
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"{context.Response.StatusCode} {message}\n");
    }
}
