"""Every diagnostic code the garden reports, with its one-line summary: the one registry.

docs/about/checks.md documents each code under a heading naming it, and a test holds the page,
this table and the codes the package reports in step. Families: GL0xx suppressions, GL1xx nav
and files, GL2xx links, GL3xx fences, GL4xx text, GL5xx glossary, GL6xx provenance, GL7xx
external URLs, GL8xx contributed content, GL9xx the editorial model.
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
    "GL105": "mkdocs.yml option MkDocs refuses or warns about (wrong type, unknown name)",
    "GL201": "link to a missing page or file",
    "GL202": "link to a missing anchor",
    "GL203": "absolute link into the site",
    "GL204": "link to a built URL (`.html` or a directory) instead of the Markdown page",
    "GL205": "image file not found",
    "GL206": "image without alt text",
    "GL207": "reference link with an undefined label",
    "GL208": "image from another host inside a link (a badge)",
    "GL209": "wikilink (`[[Note]]`) naming no note or file of the site: not written yet (warning)",
    "GL210": "wikilink whose name fits several notes: linked as Obsidian links it (warning)",
    "GL211": "wikilink to a heading or block (`[[Note#Part]]`, `[[Note#^id]]`) the note lacks",
    "GL301": "code fence never closed",
    "GL302": "code fence without a language",
    "GL303": "code fence language unknown to Pygments",
    "GL304": "Python fence does not parse",
    "GL305": "JSON fence does not parse",
    "GL306": "YAML fence does not parse",
    "GL307": "TOML fence does not parse",
    "GL308": "fragment marker without a reason",
    "GL309": "code fence under a list item indented too little (it ends the list)",
    "GL310": "fence option of another tool with no equivalent here (`ins={4}`, `/word/`): left out",
    "GL401": "mojibake (text decoded with the wrong encoding)",
    "GL402": "raw <script> in a page",
    "GL403": "raw <iframe> in a page",
    "GL404": "javascript: URL in a page",
    "GL405": "inline on*= event handler in a page",
    "GL406": "U+FFFD or C1 control character in a page (a character lost in decoding)",
    "GL407": "Russian passage without lang=\"ru\" (warning)",
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
    "GL604": "note line on no page naming the note",
    "GL605": "notes/ledger.yml malformed",
    "GL606": "encoding problem in a note (mojibake that cannot be repaired with confidence)",
    "GL701": "malformed external URL",
    "GL702": "external URL unreachable or failing (--external only)",
    "GL801": "raw HTML element the build removes (object, embed, form, style, base, ...)",
    "GL802": "attribute that loads or runs content (style with url(), srcdoc, formaction, ...)",
    "GL803": "URL that runs or renders a document of its own (vbscript:, data:text/html, ...)",
    "GL804": "image or other resource loaded from another host",
    "GL805": "markup in a front matter value, at any depth (templates print them)",
    "GL806": "markup or an unsafe link in a glossary name or definition",
    "GL807": "file under docs/ that runs or loads content when opened, or of a suffix that "
             "is not inert",
    "GL808": "symlink under docs/ that leaves it, loops or dangles",
    "GL809": "snippet base path or snippet that reaches outside the snippets directory",
    "GL810": "front matter that does not parse (the build shows it as text)",
    "GL811": "image without a src",
    "GL812": "front matter key the garden, the theme and the plugins in use do not declare",
    "GL813": "front matter value of the wrong type (a mapping, list or binary where text is "
             "printed, ...)",
    "GL814": "front matter `template` that is not one of the site's page templates",
    "GL815": "script file under docs/ outside the site's script folders and extra_javascript",
    "GL816": "file or folder name under docs/ with characters the theme prints raw",
    "GL817": "markup in a nav title of mkdocs.yml",
    "GL818": "tag never closed (no `>` after it in the page)",
    "GL819": "element or attribute the build's sanitizer removed from a page",
    "GL820": "host the site's configuration needs that the strict profile's policy leaves out",
    "GL821": "attribute the strict profile's allowlist removes (style, align on a paragraph, ...)",
    "GL901": "\"As written in the note\" block without a source link",
    "GL902": "\"As written in the note\" block without an \"as of\" date",
    "GL903": "quotation in an \"As written in the note\" block not found in the page's notes",
    "GL904": "\"Editor's note\" box of the older editorial model (warning)",
    "GL905": "Python sample: network call without a timeout (warning)",
    "GL906": "Python sample: secret compared with == or != (warning)",
    "GL907": "\"as of\" stamp naming a version older than the samples run against (warning)",
    "GL908": "box between the items of a list, which splits it in two (warning)",
}

# Codes that hold a site to the garden's own house rules (fences that parse, text and safety
# policies, the editorial model) rather than to what renders broken: errors under
# `profile: strict`, warnings on other sites.
HOUSE_RULES = frozenset({
    "GL206", "GL208", "GL302", "GL303", "GL304", "GL305", "GL306", "GL307", "GL308",
    "GL401", "GL402", "GL403", "GL404", "GL405", "GL406", "GL407",
    "GL601", "GL602", "GL603", "GL604", "GL605", "GL606",
    "GL801", "GL802", "GL803", "GL804", "GL805", "GL806", "GL807", "GL810", "GL811",
    "GL812", "GL813", "GL814", "GL821",
    "GL901", "GL902", "GL903", "GL904",
})
# Codes `garden check` never reports: what the build did to the HTML it published (the check
# names the same problems by GL4xx and GL8xx at their lines; `garden import` drops what the
# build would remove, and says so by GL819 too).
BUILD_ONLY = frozenset({"GL819", "GL820"})
# Codes that say what one of MkDocs' own `validation:` settings checks, as (group, setting):
# their severity follows the site's setting (warn: error, info: warning, ignore: not shown).
VALIDATED_BY: dict[str, tuple[str, str]] = {
    "GL101": ("nav", "not_found"),
    "GL102": ("nav", "omitted_files"),
    "GL201": ("links", "not_found"),
    "GL205": ("links", "not_found"),
    "GL202": ("links", "anchors"),
    "GL203": ("links", "absolute_links"),
    "GL204": ("links", "unrecognized_links"),
    "GL211": ("links", "anchors"),
}
