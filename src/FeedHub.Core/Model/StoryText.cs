namespace FeedHub.Core.Model;

/// <summary>Why a text was taken for a copy of another: how alike the two are, and the rule that allowed it.</summary>
public sealed record CopyMatch(double Similarity, string Rule);

/// <summary>
/// An article's body text as FeedHub compares it with other outlets' stories, to find a syndicated copy (the same wire
/// report under another outlet's headline and boilerplate). The text is cut into overlapping runs of
/// <see cref="ShingleWords"/> words (shingles); two texts are one story when their sets of shingles are nearly the same
/// (Jaccard similarity) and they name the same numbers. <see cref="Bands"/> are MinHash keys for finding candidates
/// cheaply: two texts of similarity s share at least one band with probability 1 - (1 - s^2)^10 (0.94 at s = 0.5,
/// 0.99 at s = 0.6, 0.61 at s = 0.3, 0.10 at s = 0.1), and only candidates are compared exactly. The thresholds were
/// set on the labelled set of tests/FeedHub.Corpora/Syndication/SyndicationSet.cs (`syndication` benchmark).
/// </summary>
public sealed class StoryText
{
    /// <summary>
    /// Words per shingle. Five makes a changed word break five shingles, so texts filled into one template (sports
    /// results, stock reports) fall apart while a copy with a sentence added or paragraphs reordered keeps nearly all.
    /// </summary>
    public const int ShingleWords = 5;

    /// <summary>Below this many words a text is never taken for a copy: stubs and boxes ("developing story") look alike without being one story.</summary>
    public const int MinWords = 50;

    /// <summary>Texts up to this many words (the shorter of the two) need <see cref="ShortThreshold"/>.</summary>
    public const int ShortWords = 150;

    /// <summary>
    /// The similarity a copy needs. On the labelled set, different stories filled into one template reach 0.45 (stock
    /// reports) and every other pair of different stories less; a copy with another desk's wording, its last paragraph
    /// cut and its own boilerplate is 0.56 alike to the report it copies.
    /// </summary>
    public const double Threshold = 0.5;

    /// <summary>The similarity a copy needs when either text is short: a credit line or a changed word weighs more there.</summary>
    public const double ShortThreshold = 0.85;

    /// <summary>Of the numbers in the text that has fewer, at least this share must appear in the other (scores, prices, tolls).</summary>
    public const double NumbersAgree = 0.8;

    public const int BandCount = 10;
    public const int RowsPerBand = 2;

    private static readonly ulong[] Seeds = MakeSeeds(BandCount * RowsPerBand);

    private StoryText(int words, HashSet<ulong> shingles, HashSet<string> numbers)
    {
        Words = words;
        Shingles = shingles;
        Numbers = numbers;
    }

    public int Words { get; }
    private HashSet<ulong> Shingles { get; }
    private HashSet<string> Numbers { get; }

    /// <summary>Whether the text is long enough to be compared at all (<see cref="MinWords"/>).</summary>
    public bool IsComparable => Words >= MinWords;

    public static StoryText Of(string? text)
    {
        // The words lower-cased into one buffer, each an (offset, length) into it: no string per word (issue 18: a store
        // compares each new text with up to 20 candidates, and a string per word was most of what that allocated).
        var source = text ?? "";
        var chars = source.Length <= 4096 ? stackalloc char[source.Length] : new char[source.Length];
        var words = new List<(int Start, int Length)>();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        Tokens(source, chars, words, numbers);
        var shingles = new HashSet<ulong>();
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            var hash = 14695981039346656037UL; // FNV-1a over the words, a space between
            for (var j = i; j < i + ShingleWords; j++)
            {
                foreach (var c in chars.Slice(words[j].Start, words[j].Length)) hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ ' ') * 1099511628211UL;
            }
            shingles.Add(hash);
        }
        return new StoryText(words.Count, shingles, numbers);
    }

    /// <summary>
    /// The text's MinHash bands, each folded into one 64-bit key with its band number: two texts sharing a key are
    /// candidates. Empty for a text too short to compare.
    /// </summary>
    public long[] Bands()
    {
        if (!IsComparable || Shingles.Count == 0) return [];
        var minima = new ulong[Seeds.Length];
        Array.Fill(minima, ulong.MaxValue);
        foreach (var shingle in Shingles)
            for (var i = 0; i < Seeds.Length; i++)
            {
                var value = Mix(shingle ^ Seeds[i]);
                if (value < minima[i]) minima[i] = value;
            }
        var bands = new long[BandCount];
        for (var b = 0; b < BandCount; b++)
        {
            var key = Mix((ulong)b + 1);
            for (var r = 0; r < RowsPerBand; r++) key = Mix(key ^ minima[b * RowsPerBand + r]);
            bands[b] = (long)key;
        }
        return bands;
    }

    /// <summary>Whether this text is another outlet's copy of <paramref name="other"/>'s story, and why; null when not.</summary>
    public CopyMatch? MatchCopyOf(StoryText other)
    {
        if (!IsComparable || !other.IsComparable) return null;
        var similarity = Jaccard(Shingles, other.Shingles);
        var isShort = Math.Min(Words, other.Words) <= ShortWords;
        var threshold = isShort ? ShortThreshold : Threshold;
        if (similarity < threshold || !HaveTheSameNumbers(other)) return null;
        return new CopyMatch(Math.Round(similarity, 3),
            $"text: {ShingleWords}-word shingles {similarity:0.000} alike (at least {threshold:0.00} for {(isShort ? $"texts of {ShortWords} words or fewer" : "longer texts")}), the same numbers");
    }

    /// <summary>The text's shingle similarity with <paramref name="other"/> (0 to 1), for measuring.</summary>
    public double SimilarityTo(StoryText other) => Jaccard(Shingles, other.Shingles);

    private bool HaveTheSameNumbers(StoryText other)
    {
        var (fewer, more) = Numbers.Count <= other.Numbers.Count ? (Numbers, other.Numbers) : (other.Numbers, Numbers);
        return fewer.Count == 0 || fewer.Count(more.Contains) >= NumbersAgree * fewer.Count;
    }

    private static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>
    /// Runs of letters and digits, lower-cased, into <paramref name="chars"/> with their places in <paramref name="words"/>;
    /// a decimal point or thousands separator inside a number stays in it. The words with a digit go to <paramref name="numbers"/>.
    /// </summary>
    private static void Tokens(string text, Span<char> chars, List<(int Start, int Length)> words, HashSet<string> numbers)
    {
        var (start, length, hasDigit) = (0, 0, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                chars[start + length++] = lower;
                hasDigit |= char.IsAsciiDigit(lower);
            }
            else if (c is '.' or ',' && length > 0 && char.IsAsciiDigit(chars[start + length - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                chars[start + length++] = c;
            else if (length > 0)
            {
                words.Add((start, length));
                if (hasDigit) numbers.Add(new string(chars.Slice(start, length)));
                (start, length, hasDigit) = (start + length, 0, false);
            }
        }
        if (length > 0)
        {
            words.Add((start, length));
            if (hasDigit) numbers.Add(new string(chars.Slice(start, length)));
        }
    }

    /// <summary>SplitMix64's finalizer: a fixed, well-spread permutation of 64-bit values (the same in every process).</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] MakeSeeds(int count)
    {
        var seeds = new ulong[count];
        var state = 0x5EED_F00D_CAFE_2026UL;
        for (var i = 0; i < count; i++) seeds[i] = Mix(state += 0x9E3779B97F4A7C15UL);
        return seeds;
    }
}
