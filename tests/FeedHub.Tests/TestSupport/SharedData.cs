namespace FeedHub.Tests.TestSupport;

/// <summary>The project's shared/ folder, which sits beside the repository (../shared).</summary>
public static class SharedData
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "seed", "article.html")))
                return System.IO.Path.Combine([candidate, .. parts]);
        }
        throw new DirectoryNotFoundException("shared/ (with seed/article.html) was not found above " + AppContext.BaseDirectory);
    }

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));
}
