using System.Globalization;
using FeedHub.Core.Storage;

namespace FeedHub;

/// <summary>
/// The one `feedhub serve` a SQLite store may have. Two servers on one file would each schedule every source, so
/// every feed would be fetched twice and every poll would race the other's. The lock is the operating system's
/// (FileShare.None is an exclusive flock on Linux and macOS, a sharing lock on Windows), so a killed server leaves
/// nothing to clean up: the kernel lets go with the process. Commands that read, and the one-shot ones that edit,
/// take no lock and keep working beside a server; several workers are PostgreSQL's job (README, Scaling out).
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream held;
    private readonly string ownerPath;

    private StoreLock(FileStream held, string ownerPath)
    {
        this.held = held;
        this.ownerPath = ownerPath;
    }

    /// <summary>Takes the lock beside <paramref name="storePath"/> (<c>feedhub.db.lock</c>), or says who holds it.</summary>
    /// <exception cref="StoreInUseException">Another server holds it.</exception>
    public static StoreLock Take(string storePath)
    {
        var fullPath = Path.GetFullPath(storePath);
        StoreFolder.Create(storePath);
        var lockPath = fullPath + ".lock";
        // The holder's name goes in a file of its own: while the lock is held, .NET can't open the lock file even to read it.
        var ownerPath = lockPath + ".owner";
        FileStream held;
        try
        {
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new StoreInUseException(storePath, lockPath, ReadOwner(ownerPath));
        }
        try
        {
            File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture,
                $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the error message of a second server reads it; the lock itself holds without it.
        }
        return new StoreLock(held, ownerPath);
    }

    private static string? ReadOwner(string ownerPath)
    {
        try
        {
            return File.ReadAllText(ownerPath).Trim() is { Length: > 0 } owner ? owner : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(ownerPath); // before the lock goes, so a stale name is never read beside a free lock for long
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next holder writes its own.
        }
        held.Dispose();
    }
}

/// <summary>A second `feedhub serve` on a SQLite store a server already runs on.</summary>
internal sealed class StoreInUseException(string storePath, string lockPath, string? owner) : IOException(
    $"{storePath}: the store is in use by another 'feedhub serve' ({owner ?? "owner unknown"}; lock file {lockPath}). "
    + "Two servers on one SQLite store would both poll every source: stop the other one first, or, to run several "
    + "workers, give them a PostgreSQL store (Store.Provider postgres, see Scaling out in the README). "
    + "Commands that read the store (status, query, search, sources list) work beside it.");
