using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// Readability.js (@mozilla/readability with jsdom, pinned in Extraction/readability/package.json) as a
/// peer of the quality report. One node process extracts 200 pages at a time: the pages are written, as the
/// HTML <see cref="BenchmarkPage.Load"/> decoded (so every system reads the same characters), into a
/// temporary folder as UTF-8, with a list of their files and addresses; extract.js answers one JSON
/// line per page: the text of the result's content and the h1-h6 texts inside it.
/// </summary>
public static class ReadabilityPeer
{
    public const string Name = "Readability.js 0.6.0";

    private sealed record Answer(string Id, string Text, string[] Headings, string? Error);

    private const int Batch = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The folder with extract.js, or null (with the reason printed once) when node or its packages are missing.</summary>
    public static string? Available()
    {
        var folder = FindFolder();
        if (folder is null)
        {
            Console.WriteLine("Readability.js peer skipped: Extraction/readability/extract.js not found beside the benchmark.");
            return null;
        }
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            Console.WriteLine($"Readability.js peer skipped: its packages are not installed; install them with: npm ci --prefix {folder}");
            return null;
        }
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            probe.StandardOutput.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode == 0) return folder;
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        Console.WriteLine("Readability.js peer skipped: node is not on PATH (node 18 or later runs it).");
        return null;
    }

    /// <summary>Readability.js's text and headings for each page, in the pages' order; empty where it gave nothing or failed.</summary>
    public static IReadOnlyList<(string Text, IReadOnlyList<string> Headings)> Extract(string folder, IReadOnlyList<BenchmarkPage> pages)
    {
        var work = Directory.CreateTempSubdirectory("feedhub-readability-");
        try
        {
            var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
            // A batch per process: jsdom's windows are freed slowly, and one process over the 965
            // Dragnet pages grew to 4 GB; starting node costs well under a second per batch.
            for (var first = 0; first < pages.Count; first += Batch)
                RunBatch(folder, work.FullName, pages.Skip(first).Take(Batch).ToList(), first, answers);
            var failed = answers.Values.Count(a => a.Error is not null);
            if (failed > 0) Console.WriteLine($"  Readability.js: {failed} pages failed (counted as empty), first: {answers.Values.First(a => a.Error is not null).Error}");
            return pages.Select(p => answers.TryGetValue(p.Id, out var a)
                ? (a.Text ?? "", (IReadOnlyList<string>)(a.Headings ?? []))
                : ("", (IReadOnlyList<string>)[])).ToList();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void RunBatch(string folder, string work, IReadOnlyList<BenchmarkPage> pages, int first, Dictionary<string, Answer> answers)
    {
        var list = new List<object>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var file = Path.Combine(work, $"{first + i:00000}.html");
            File.WriteAllText(file, pages[i].Html, new UTF8Encoding(false));
            list.Add(new { id = pages[i].Id, file, url = pages[i].Url.AbsoluteUri });
        }
        var listFile = Path.Combine(work, $"pages-{first:00000}.json");
        File.WriteAllText(listFile, JsonSerializer.Serialize(list));

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "extract.js"));
        start.ArgumentList.Add(listFile);
        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync();
        while (node.StandardOutput.ReadLine() is { } line)
            if (line.Length > 0 && JsonSerializer.Deserialize<Answer>(line, Json) is { } answer) answers[answer.Id] = answer;
        node.WaitForExit();
        if (node.ExitCode != 0) Console.WriteLine($"  Readability.js: node exited with {node.ExitCode}: {errors.Result.Trim()}");
    }

    /// <summary>Extraction/readability beside this project's sources: up from the build output (bin/Release/net10.0) or the current folder.</summary>
    private static string? FindFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "Extraction", "readability"), Path.Combine(dir.FullName, "tests", "FeedHub.Benchmarks", "Extraction", "readability") })
                    if (File.Exists(Path.Combine(candidate, "extract.js"))) return candidate;
            }
        }
        return null;
    }
}
