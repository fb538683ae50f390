using System.Net;
using System.Net.Sockets;
using FeedHub.Core.Configuration;

namespace FeedHub.Core.Fetching;

/// <summary>A connection FeedHub refused to make: the address is in a range that feeds may not reach.</summary>
public sealed class BlockedAddressException(string host, IPAddress address, string range)
    : Exception($"{host} resolves to {address} ({range}), which FeedHub does not connect to; allow it under Network.AllowedNetworks")
{
    public IPAddress Address { get; } = address;
}

/// <summary>
/// Keeps URLs from feed content away from the operator's own network: no loopback, private,
/// link-local, multicast or unspecified addresses unless Network.AllowedNetworks lists them.
/// It runs in SocketsHttpHandler.ConnectCallback, on the address actually connected to, so
/// neither a redirect nor a DNS answer can get around it.
/// </summary>
public sealed class NetworkGuard(NetworkOptions options)
{
    private static readonly (IPNetwork Network, string Name)[] BlockedRanges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private readonly IPNetwork[] allowed = options.AllowedNetworks.Select(IPNetwork.Parse).ToArray();

    /// <summary>The name of the blocked range <paramref name="address"/> is in, or null when FeedHub may connect to it.</summary>
    public string? FindBlockedRange(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (allowed.Any(n => n.Contains(address))) return null;
        return BlockedRanges.FirstOrDefault(r => r.Network.BaseAddress.AddressFamily == address.AddressFamily && r.Network.Contains(address)).Name;
    }

    /// <summary>Resolves the host and connects to its first address that is allowed.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        BlockedAddressException? blocked = null;
        foreach (var address in addresses)
        {
            if (FindBlockedRange(address) is { } range)
            {
                blocked ??= new BlockedAddressException(host, address, range);
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                if (address.Equals(addresses[^1])) throw;
            }
        }
        throw (Exception?)blocked ?? new SocketException((int)SocketError.HostNotFound);
    }
}
