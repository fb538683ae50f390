namespace FeedHub.Core.Storage;

/// <summary>The folder a SQLite store file lives in, made on first use by the server and the commands alike.</summary>
public static class StoreFolder
{
    /// <summary>Makes the folder of the store file at <paramref name="storePath"/>, or says why it can't, naming both.</summary>
    /// <exception cref="IOException">The folder can't be made: a file is in its way, or the user may not write there.</exception>
    public static void Create(string storePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(storePath))!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET names only the part in the way ("The file '/dev/null' already exists"), not the store it was for.
            var blocker = AncestorsAndSelf(folder).FirstOrDefault(File.Exists);
            var why = blocker is null ? e.Message : $"{blocker} is a file, not a folder";
            throw new IOException($"Store.Path {storePath}: can't make its folder {folder}: {why}", e);
        }
    }

    private static IEnumerable<string> AncestorsAndSelf(string folder)
    {
        for (var path = folder; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path)) yield return path;
    }
}
