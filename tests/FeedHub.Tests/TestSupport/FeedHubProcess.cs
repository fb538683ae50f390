using System.Diagnostics;

namespace FeedHub.Tests.TestSupport;

/// <summary>The built `feedhub` executable (feedhub.dll beside the tests), run as an operator runs it.</summary>
public static class FeedHubProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string[] args, string? stdin = null, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "feedhub.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung command must not outlive its test
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
