using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FeedHub.Benchmarks.Publishing;

/// <summary>
/// nginx serving a folder on loopback as the outside reference for `serving`: a throwaway configuration, pid file,
/// logs and temp folders in a folder of the benchmark's own, on a port of its own; `gzip_static` serves NAME.gz for
/// NAME to readers that accept gzip. Debian's nginx-light is enough.
/// </summary>
internal sealed class NginxReference : IAsyncDisposable
{
    public const string InstallCommand = "sudo apt-get install -y nginx-light wrk";

    private readonly string configPath;
    private readonly string folder;
    private readonly Process process;

    private NginxReference(string folder, string configPath, Process process, Uri url)
    {
        this.folder = folder;
        this.configPath = configPath;
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static bool IsInstalled => Tools.Find("nginx") is not null;

    /// <summary>Starts nginx on a free loopback port, serving <paramref name="root"/>, and waits until it answers.</summary>
    public static async Task<NginxReference> StartAsync(string root, string folder)
    {
        var port = FreePort();
        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        var configPath = Path.Combine(folder, "nginx.conf");
        // `user` matters only when started as root (the workers would otherwise run as nobody, who can't read the temp folder).
        File.WriteAllText(configPath, $$"""
            user {{Environment.UserName}};
            worker_processes auto;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/temp/body;
                proxy_temp_path {{folder}}/temp/proxy;
                fastcgi_temp_path {{folder}}/temp/fastcgi;
                uwsgi_temp_path {{folder}}/temp/uwsgi;
                scgi_temp_path {{folder}}/temp/scgi;
                types { application/atom+xml atom; }
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    gzip_static on;
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(Tools.Find("nginx")!, ["-e", Path.Combine(folder, "error.log"), "-p", folder, "-c", configPath])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var url = new Uri($"http://127.0.0.1:{port}/");
        await WaitUntilListeningAsync(port, process, folder);
        return new NginxReference(folder, configPath, process, url);
    }

    private static async Task WaitUntilListeningAsync(int port, Process process, string folder)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {ErrorLog(folder)}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"nginx did not listen on port {port} within 5 s: {ErrorLog(folder)}");
    }

    private static string ErrorLog(string folder)
    {
        var path = Path.Combine(folder, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>`nginx -s stop` (its master then stops its workers), then waits for the master to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = Process.Start(Tools.Find("nginx")!, ["-e", Path.Combine(folder, "error.log"), "-p", folder, "-c", configPath, "-s", "stop"]))
            await stop.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
    }
}

/// <summary>Programs looked up on PATH.</summary>
internal static class Tools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Append("/usr/sbin").Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
