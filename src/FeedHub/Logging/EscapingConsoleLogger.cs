using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace FeedHub.Logging;

/// <summary>
/// FeedHub's console log, for `serve` and the commands alike. Log messages quote what strangers wrote (a feed's item
/// links and ids, a server's error text), and the console writes a message as it is: a line break in a feed's link
/// would start a forged log line, an escape sequence would drive the operator's terminal. So every message's control
/// characters are written as escapes (a line break as \n, others as \u001b) before the console logger sees it, whatever
/// its formatter; the structured fields the JSON formatter writes are escaped by JSON itself.
/// </summary>
internal static class EscapingConsoleLogger
{
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0xa0).Where(c => (c < 0x20 && c != '\t') || c >= 0x7f).Select(c => (char)c).ToArray());

    public static ILoggingBuilder AddFeedHubConsole(this ILoggingBuilder logging, Action<ConsoleLoggerOptions> configure)
    {
        logging.AddConsole(configure);
        // AddConsole registers the console provider as one ILoggerProvider among others: it is swapped for a wrapper
        // around it, which keeps its name ("Console") for the Logging:Console filter rules.
        var services = logging.Services;
        var console = services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        services.Remove(console);
        services.TryAddSingleton<ConsoleLoggerProvider>();
        services.AddSingleton<ILoggerProvider>(provider => new Provider(provider.GetRequiredService<ConsoleLoggerProvider>()));
        return logging;
    }

    /// <summary>The text with each control character (C0, DEL, C1) written as an escape, tab kept; the same string when it has none.</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(ControlCharacters);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!ControlCharacters.Contains(c)) escaped.Append(c);
            else if (c == '\n') escaped.Append("\\n");
            else if (c == '\r') escaped.Append("\\r");
            else escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    [ProviderAlias("Console")]
    private sealed class Provider(ConsoleLoggerProvider console) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) => new Logger(console.CreateLogger(categoryName));

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(scopeProvider);

        public void Dispose() => console.Dispose();
    }

    private sealed class Logger(ILogger console) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => console.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => console.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            console.Log(logLevel, eventId, state, exception, (s, e) => Escape(formatter(s, e)));
    }
}
