// Readability.js as a peer of the extraction-quality benchmark (tests/FeedHub.Benchmarks, QualityReport).
// One process handles a whole list of pages (the benchmark sends 200 at a time), so node and jsdom
// start once per list rather than once per page.
//
// Usage: node extract.js LIST.json
//   LIST.json: [{ "id": "...", "file": "/path/page.html", "url": "https://..." }, ...]
//   each file holds the page's HTML already decoded by the benchmark, written as UTF-8.
// Output on stdout, one JSON line per page in the list's order:
//   { "id": "...", "text": "...", "headings": ["h1-h6 texts inside the result's content"], "error": "..."? }
// "text" is the text of Readability's content with a line break after each block and <br>: its own
// textContent joins "<h2>Section</h2><p>Text" into one word "SectionText" where the page's markup has
// no whitespace between the blocks, which the benchmark's word-run metric would count against it.
// READABILITY_TEXT=textContent in the environment gives Readability's own textContent instead.
// A page Readability gives up on (parse() returns null) or fails on gets empty text and no headings.
"use strict";

const fs = require("node:fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

// jsdom reports CSS it cannot parse and other page noise on the console; none of it is ours.
const quiet = new VirtualConsole();

const BLOCKS = "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, footer, " +
  "h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, th, tr, ul";

function blockText(fragment) {
  for (const element of fragment.querySelectorAll(BLOCKS)) element.after("\n");
  return fragment.textContent;
}

function extract(page) {
  const html = fs.readFileSync(page.file, "utf8");
  const dom = new JSDOM(html, { url: page.url, virtualConsole: quiet });
  try {
    const article = new Readability(dom.window.document).parse();
    if (!article || !article.content) return { id: page.id, text: "", headings: [] };
    const content = JSDOM.fragment(article.content);
    const headings = Array.from(content.querySelectorAll("h1, h2, h3, h4, h5, h6"), h => h.textContent);
    const text = process.env.READABILITY_TEXT === "textContent" ? article.textContent || "" : blockText(content);
    return { id: page.id, text, headings };
  } finally {
    dom.window.close();
  }
}

const list = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = [];
for (const page of list) {
  let result;
  try {
    result = extract(page);
  } catch (error) {
    result = { id: page.id, text: "", headings: [], error: String(error && error.message || error) };
  }
  out.push(JSON.stringify(result));
  // Flush in batches: a blocking write per page would cost more than the extraction of a small page.
  if (out.length >= 50) { process.stdout.write(out.join("\n") + "\n"); out.length = 0; }
}
if (out.length) process.stdout.write(out.join("\n") + "\n");
