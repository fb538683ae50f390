using System.Security.Claims;
using FeedHub.Core.Configuration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// The operator's session: a sign-in with the password whose hash is Console.PasswordHash, kept in a cookie (HttpOnly,
/// SameSite=Strict, path /console) that expires after Console.SessionLifetime, and a sign-out. Every changing request of
/// the console (a POST) needs the session and the anti-forgery token of a page the console rendered; reading pages need
/// the session too when Console.PublicStatus is false.
/// </summary>
internal static class ConsoleSession
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static bool IsSignedIn(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    public static void AddConsoleSession(this IServiceCollection services, FeedHubConfiguration configuration)
    {
        services.AddAuthentication(Scheme).AddCookie(options =>
        {
            options.Cookie.Name = "feedhub-console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/console";
            options.ExpireTimeSpan = configuration.Console.SessionLifetime;
            options.SlidingExpiration = false; // a session ends when its time is up, however busy
            options.LoginPath = "/console/sign-in";
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "feedhub-antiforgery";
            options.Cookie.Path = "/console";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__csrf";
        });
        // The session cookie and the tokens are sealed with keys kept beside the store, so sign-ins survive a restart.
        services.AddDataProtection().SetApplicationName("FeedHub").PersistKeysToFileSystem(KeyFolder(configuration));
        // Off Windows, ASP.NET has nothing to encrypt a key file with but a certificate, and warns on each new key that
        // it is stored in the clear. The folder is FeedHub's user's alone instead (above), as the store beside it: the
        // warning says nothing an operator can act on, so it is left out (its errors are kept).
        services.Configure<LoggerFilterOptions>(options => options.Rules.Add(
            new LoggerFilterRule(null, "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error, null)));
        services.AddSingleton<SignInThrottle>();
    }

    /// <summary>
    /// `console-keys/` beside the store, made (or narrowed to) owner-only access: whoever reads the keys can forge a
    /// signed-in session.
    /// </summary>
    private static DirectoryInfo KeyFolder(FeedHubConfiguration configuration)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration.Store.Path))!, "console-keys");
        if (OperatingSystem.IsWindows()) return new DirectoryInfo(path);
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var folder = Directory.CreateDirectory(path, OwnerOnly);
        if (folder.UnixFileMode != OwnerOnly) folder.UnixFileMode = OwnerOnly;
        return folder;
    }

    /// <summary>The gate of every console route but the sign-in: see the class summary.</summary>
    public static async ValueTask<object?> Gate(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var options = context.RequestServices.GetRequiredService<LiveConfiguration>().Current.Console;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            if (options.PublicStatus || IsSignedIn(context)) return await next(invocation);
            return TypedResults.Redirect("/console/sign-in?return=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
        }
        if (!IsSignedIn(context))
            return Page(context, "Sign in first", Notice("This action changes FeedHub, so it needs the operator signed in.", bad: true)
                + "<p><a href=\"/console/sign-in\">Sign in</a></p>", StatusCodes.Status401Unauthorized);
        if (await RefuseForgeryAsync(context) is { } refusal) return refusal;
        return await next(invocation);
    }

    public static IResult SignInPage(HttpContext context, LiveConfiguration configuration, string? @return) =>
        SignInForm(context, configuration, @return, null, StatusCodes.Status200OK);

    public static async Task<IResult> SignIn(HttpContext context, LiveConfiguration configuration, SignInThrottle throttle)
    {
        if (await RefuseForgeryAsync(context) is { } refusal) return refusal;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnTo = LocalConsolePath(form["return"]);
        if (configuration.Current.Console.PasswordHash is not { } hash)
            return SignInForm(context, configuration, returnTo, null, StatusCodes.Status403Forbidden);
        var client = context.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(client) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SignInForm(context, configuration, returnTo, $"Too many wrong passwords from this address ({SignInThrottle.FailuresAllowed} in "
                + $"{SignInThrottle.Window.TotalMinutes:0} minutes); try again in {seconds} seconds.", StatusCodes.Status429TooManyRequests);
        }
        var password = form["password"].ToString();
        if (!await throttle.CheckAsync(client, () => PasswordHash.Verify(password, hash), context.RequestAborted))
            return SignInForm(context, configuration, returnTo, "That password is not the console's password.", StatusCodes.Status401Unauthorized);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return TypedResults.Redirect(returnTo);
    }

    public static async Task<IResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return TypedResults.Redirect("/console/sign-in?signed-out=1");
    }

    private static IResult SignInForm(HttpContext context, LiveConfiguration configuration, string? returnTo, string? error, int status)
    {
        var body = error is not null ? Notice(error, bad: true) : context.Request.Query.ContainsKey("signed-out") ? Notice("Signed out.") : "";
        if (configuration.Current.Console.PasswordHash is null)
            return Page(context, "Sign in", body + Notice("No console password is configured, so the console only reads. Run "
                + "'feedhub console hash-password' and set Console.PasswordHash (or FeedHub__Console__PasswordHash) to what it prints.", bad: true), status);
        body += Form(context, "/console/sign-in",
            $"<input type=\"hidden\" name=\"return\" value=\"{H(LocalConsolePath(returnTo))}\">"
            + "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
            + "<div><button class=\"primary\" id=\"sign-in\">Sign in</button></div>", "stack");
        return Page(context, "Sign in", body, status);
    }

    /// <summary>Where to go after signing in: a console path of this server, never another site (an open redirect).</summary>
    private static string LocalConsolePath(string? path) =>
        path is { Length: > 0 } p && p.StartsWith("/console", StringComparison.Ordinal) && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\')
            ? p : "/console/sources";

    private static async Task<IResult?> RefuseForgeryAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Page(context, "Refused", Notice("This request did not carry the anti-forgery token of a console page (or it expired); "
                + "go back, reload the page and try again.", bad: true), StatusCodes.Status400BadRequest);
        }
    }
}
