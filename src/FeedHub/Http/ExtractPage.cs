namespace FeedHub.Http;

/// <summary>
/// GET /extract: a small form over POST /api/extract that shows what FeedHub would extract from a
/// page, the outline beside the body. The body is shown in a sandboxed frame (no scripts), though
/// it is already sanitized.
/// </summary>
internal static class ExtractPage
{
    public static IResult Render(HttpContext context)
    {
        SecurityHeaders.Allow(context, Policy);
        return TypedResults.Content(Html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// What the page uses: its own style and script (by hash), the preview frame's style (the frame's document is
    /// srcdoc, so this policy is its policy too), the API on this server, and the images, media and embedded players
    /// of the page being previewed, wherever they are.
    /// </summary>
    private static readonly string Policy = $"default-src 'none'; script-src {SecurityHeaders.Hash(Script)}; "
        + $"style-src {SecurityHeaders.Hash(Style)} {SecurityHeaders.Hash(PreviewStyle)}; connect-src 'self'; "
        + "img-src https: http:; media-src https: http:; frame-src https: http:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Style = """

          body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #222; }
          form { display: grid; gap: .5rem; max-width: 60rem; }
          label { display: grid; gap: .2rem; }
          input, textarea { font: inherit; padding: .35rem; width: 100%; box-sizing: border-box; } textarea { min-height: 6rem; }
          #result:not([hidden]) { display: grid; grid-template-columns: 18rem 1fr; gap: 1.5rem; margin-top: 1.5rem; }
          #body { width: 100%; min-height: 70vh; border: 1px solid #ccc; }
          dt { font-weight: 600; } dd { margin: 0 0 .4rem 0; }
          .error { color: #a00; }

        """;

    private const string PreviewStyle = "body { font: 15px/1.5 system-ui, sans-serif; margin: 1rem; }";

    private const string Script = $$"""

        const $ = id => document.getElementById(id);
        $('key').value = sessionStorage.getItem('feedhub-key') || '';
        $('form').hidden = false; // the form works through this script: shown once it runs
        $('form').addEventListener('submit', async event => {
          event.preventDefault();
          sessionStorage.setItem('feedhub-key', $('key').value);
          const html = $('html').value.trim();
          const request = html ? { html, base_url: $('base').value } : { url: $('url').value };
          $('status').textContent = 'Extracting...';
          $('status').className = '';
          const headers = { 'Content-Type': 'application/json' };
          if ($('key').value) headers['X-Api-Key'] = $('key').value;
          const response = await fetch('/api/extract', { method: 'POST', headers, body: JSON.stringify(request) });
          const report = await response.json();
          if (!response.ok) { $('status').textContent = report.detail || response.statusText; $('status').className = 'error'; $('result').hidden = true; return; }
          $('status').textContent = 'Status: ' + report.status;
          $('meta').replaceChildren();
          for (const [label, value] of [['Title', report.title], ['Byline', report.byline], ['Published', report.published], ['Language', report.language],
               ['Words', report.word_count], ['Sections', (report.sections || []).map(s => s.value + ' (' + s.origin + ')').join(', ')]]) {
            if (!value) continue;
            const dt = document.createElement('dt'); dt.textContent = label;
            const dd = document.createElement('dd'); dd.textContent = value;
            $('meta').append(dt, dd);
          }
          $('outline').replaceChildren(...(report.headings || []).map(h => {
            const li = document.createElement('li'); li.textContent = h.text; li.style.marginLeft = (h.level - 2) + 'rem'; return li; }));
          $('body').srcdoc = '<!DOCTYPE html><meta charset="utf-8"><style>{{PreviewStyle}}</style><body>' + (report.html || '') + '</body>';
          $('result').hidden = false;
        });
        """;

    private const string Html = $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>FeedHub: extraction preview</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>{{Style}}</style></head>
        <body>
        <h1>Extraction preview</h1>
        <p><a href="/">Back to the sections</a>. Give a page URL, or paste a page's HTML with its URL. FeedHub runs the same
        extraction as when it polls (its fetcher, network guard, site rules and sanitizer).</p>
        <noscript><p class="error">This page needs JavaScript; POST /api/extract does the same from a script.</p></noscript>
        <form id="form" hidden>
          <label>Page URL <input id="url" type="url" placeholder="https://news.example.com/story/"></label>
          <label>or the page's HTML <textarea id="html" placeholder="&lt;html&gt;..."></textarea></label>
          <label>URL of that HTML (base URL) <input id="base" type="url"></label>
          <label>API key (for a URL: FeedHub fetches it; pasted HTML needs none) <input id="key" type="password" autocomplete="off"></label>
          <button>Extract</button>
        </form>
        <p id="status"></p>
        <div id="result" hidden>
          <div><dl id="meta"></dl><h2>Outline</h2><ol id="outline"></ol></div>
          <iframe id="body" sandbox title="Extracted body"></iframe>
        </div>
        <script>{{Script}}</script>
        </body></html>
        """;
}
