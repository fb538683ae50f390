<?xml version="1.0" encoding="UTF-8"?>
<!-- Makes FeedHub's RSS and Atom feeds readable in a browser: what the feed is, how to subscribe, its items. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/> (feed)</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
          .note { background: #fff6d6; padding: .75rem 1rem; border-radius: .5rem; }
          li { margin: .6rem 0; } small { color: #666; }
        </style>
      </head>
      <body>
        <p class="note">This is a web feed. To subscribe, copy this page's address into your feed reader.</p>
        <h1><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/></h1>
        <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
        <ul>
          <xsl:for-each select="rss/channel/item | atom:feed/atom:entry">
            <li>
              <a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a>
              <br/><small><xsl:value-of select="pubDate | atom:published"/></small>
            </li>
          </xsl:for-each>
        </ul>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
