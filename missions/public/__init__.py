"""The public site: read-only, server-rendered pages of the published record, with their feed,
sitemaps, search, timeline, footnotes and structured data."""
