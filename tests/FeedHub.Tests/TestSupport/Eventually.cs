namespace FeedHub.Tests.TestSupport;

/// <summary>Waiting for something a running host does in the background, with a deadline.</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } result) return result;
            await Task.Delay(50);
        }
        throw new TimeoutException($"not reached within {Patience.TotalSeconds} s");
    }

    public static Task TrueAsync(Func<bool> condition) =>
        GetAsync(() => Task.FromResult(condition() ? (object?)true : null));
}
