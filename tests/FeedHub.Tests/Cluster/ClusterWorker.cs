using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FeedHub.Tests.Cluster;

/// <summary>One `feedhub serve` process of a test cluster: its own port, worker id and User-Agent (so the farm knows it), its log kept.</summary>
public sealed class ClusterWorker : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> log = new();

    private ClusterWorker(string name, Process process, int port)
    {
        Name = name;
        Process = process;
        Port = port;
    }

    public string Name { get; }
    public Process Process { get; }
    public int Port { get; }
    public IReadOnlyList<string> Log => log.ToList();

    public static ClusterWorker Start(string name, string config, string workingDirectory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedhub.dll"), "serve", "--config", config }) start.ArgumentList.Add(arg);
        start.Environment["FeedHub__Http__Url"] = $"http://127.0.0.1:{port}";
        start.Environment["FeedHub__Cluster__WorkerId"] = name;
        start.Environment["FeedHub__Polling__UserAgent"] = $"{name} FeedHub-cluster-test";
        var worker = new ClusterWorker(name, Process.Start(start)!, port);
        worker.Process.OutputDataReceived += (_, e) => { if (e.Data is { } line) worker.log.Enqueue(line); };
        worker.Process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) worker.log.Enqueue("stderr: " + line); };
        worker.Process.BeginOutputReadLine();
        worker.Process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>GET /readyz: the status and the text, or null while the worker does not listen yet.</summary>
    public async Task<(HttpStatusCode Status, string Text)?> ReadyAsync()
    {
        using var client = new HttpClient();
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{Port}/readyz");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task WaitReadyAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while ((await ReadyAsync())?.Status != HttpStatusCode.OK)
        {
            if (Process.HasExited) throw new InvalidOperationException($"{Name} exited with {Process.ExitCode}: {string.Join('\n', Log.TakeLast(5))}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} not ready within {patience.TotalSeconds} s: {(await ReadyAsync())?.Text}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown, no check-out; a poll under way never commits.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }
}
