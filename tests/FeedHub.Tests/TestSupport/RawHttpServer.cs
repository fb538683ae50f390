using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// A TCP server on 127.0.0.1 (port 0) that answers each path with bytes written as given, however wrong as HTTP:
/// a body shorter than its Content-Length, a bad chunk size, a connection reset half-way. Kestrel refuses to send
/// most of these, which is why this exists beside <see cref="LoopbackServer"/>.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private sealed record Canned(byte[] Bytes, bool ResetAfter);

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, Canned> answers = new();
    private readonly Task accepting;

    public RawHttpServer()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/{path.TrimStart('/')}");

    /// <summary>Answers <paramref name="path"/> with a status line and headers, then <paramref name="body"/>, then closes (or resets).</summary>
    public void Answer(string path, string headers, byte[] body, bool resetAfter = false)
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n" + headers.ReplaceLineEndings("\r\n").TrimEnd() + "\r\n\r\n");
        answers["/" + path.TrimStart('/')] = new Canned([.. head, .. body], resetAfter);
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var path = await ReadRequestPathAsync(socket);
                if (!answers.TryGetValue(path, out var answer))
                {
                    await socket.SendAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                    return;
                }
                await socket.SendAsync(answer.Bytes);
                if (answer.ResetAfter)
                {
                    await Task.Delay(100); // let the head and the first bytes arrive, so the reset comes mid-body
                    socket.LingerState = new LingerOption(true, 0); // close with RST, not FIN
                }
                socket.Close();
            }
            catch (SocketException)
            {
                // the client went away first
            }
        }
    }

    private static async Task<string> ReadRequestPathAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var requestLine = received.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length > 1 ? requestLine[1] : "/";
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
