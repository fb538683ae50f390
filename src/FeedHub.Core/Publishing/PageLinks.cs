using System.Text;
using System.Text.Encodings.Web;

namespace FeedHub.Core.Publishing;

/// <summary>
/// A feed URL with one query parameter set (a next page's before=): the query read the way ASP.NET Core reads one
/// (names case-insensitive, repeated names kept together in first-seen order, + as a space) and written back with
/// <see cref="UrlEncoder.Default"/>, so the links are the ones FeedHub has always published.
/// </summary>
internal static class PageLinks
{
    public static Uri With(Uri url, string name, string value)
    {
        var parameters = Parse(url.Query);
        var existing = parameters.FindIndex(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing >= 0) parameters[existing] = (parameters[existing].Name, [value]);
        else parameters.Add((name, [value]));
        var link = new StringBuilder(url.GetLeftPart(UriPartial.Path));
        var separator = '?';
        foreach (var (key, values) in parameters)
        {
            foreach (var each in values)
            {
                link.Append(separator).Append(UrlEncoder.Default.Encode(key)).Append('=');
                if (each.Length > 0) link.Append(UrlEncoder.Default.Encode(each));
                separator = '&';
            }
        }
        return new Uri(link.ToString());
    }

    private static List<(string Name, List<string> Values)> Parse(string query)
    {
        var parameters = new List<(string Name, List<string> Values)>();
        foreach (var pair in query.StartsWith('?') ? query[1..].Split('&') : query.Split('&'))
        {
            if (pair.Length == 0) continue;
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            var index = parameters.FindIndex(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) parameters[index].Values.Add(value);
            else parameters.Add((key, [value]));
        }
        return parameters;
    }

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));
}
