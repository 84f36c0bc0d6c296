"""Every diagnostic code the garden reports, with its one-line summary: the one registry.

docs/about/checks.md documents each code under a heading naming it, and a test holds the page,
this table and the codes the package reports in step. Families: GL0xx suppressions, GL1xx nav
and files, GL2xx links, GL3xx fences, GL4xx text, GL5xx glossary, GL6xx provenance, GL7xx
external URLs.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "GL000": "a rule failed on unexpected input (report it with the message)",
    "GL001": "suppression comment without a reason",
    "GL002": "suppression comment naming no valid rule code",
    "GL003": "suppression comment that suppresses nothing",
    "GL101": "nav entry points to a missing file",
    "GL102": "page missing from an explicit nav",
    "GL103": "page cannot be read (not valid UTF-8)",
    "GL104": "snippet (`--8<--`) file not found",
    "GL201": "link to a missing page or file",
    "GL202": "link to a missing anchor",
    "GL203": "absolute link into the site",
    "GL204": "link to a built URL (`.html` or a directory) instead of the Markdown page",
    "GL205": "image file not found",
    "GL206": "image without alt text",
    "GL207": "reference link with an undefined label",
    "GL301": "code fence never closed",
    "GL302": "code fence without a language",
    "GL303": "code fence language unknown to Pygments",
    "GL304": "Python fence does not parse",
    "GL305": "JSON fence does not parse",
    "GL306": "YAML fence does not parse",
    "GL307": "TOML fence does not parse",
    "GL308": "fragment marker without a reason",
    "GL309": "code fence under a list item indented too little (it ends the list)",
    "GL401": "mojibake (text decoded with the wrong encoding)",
    "GL402": "raw <script> in a page",
    "GL403": "raw <iframe> in a page",
    "GL404": "javascript: URL in a page",
    "GL405": "inline on*= event handler in a page",
    "GL501": "glossary.yml cannot be read or an entry has the wrong shape",
    "GL502": "two glossary entries share an id",
    "GL503": "a term or alias is defined twice",
    "GL504": "glossary entry with an empty definition",
    "GL505": "explicit reference (`[Term][]`) to a term the glossary does not define",
    "GL506": "glossary `page:` points to a missing page or anchor",
    "GL507": "glossary term never used on any page",
    "GL601": "page `source` front matter malformed",
    "GL602": "page `source` names a note that does not exist",
    "GL603": "page `source` line range outside the note",
    "GL604": "note line neither on a page naming the note nor dropped in the ledger",
    "GL605": "notes/ledger.yml malformed",
    "GL606": "encoding problem in a note (mojibake that cannot be repaired with confidence)",
    "GL701": "malformed external URL",
    "GL702": "external URL unreachable or failing (--external only)",
}
