"""Links of an imported note made to work in the garden, offline.

A note's links were written for wherever the note came from. On a page the importer writes:

- a link to a heading of the note (`#probes`) points to the page that now holds it, matched
  by the anchor the garden gives the heading or the one GitHub gives it;
- a relative link written from the note's own file to a page of the garden
  (`../docs/web/http.md` from `notes/`) points to that page from where the importer puts it;
- a relative link or image that resolves to no file of the garden becomes plain text, its
  target kept in an HTML comment beside it;
- a remote image (`![...]`, `<img>`, or a badge inside a link) becomes a link to it, or the
  link's text: the site never loads anything from another host;
- a reference link whose definition ended up on another page gets a copy of it;
- a link, wikilink or embed naming a heading or block its note does not have (`[[Note#Gone]]`)
  links to the note, as Obsidian opens it, showing the text it showed, its target kept in a
  comment.

Every change is returned as a `LinkFix` so the importer can report it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from garden.model.obsidian import WIKILINK_RE, shown_text
from garden.model.site import is_external, resolve_link
from garden.text.markdown_scan import INLINE_LINK_RE, REF_DEF_RE, Scan, scan_markdown

GITHUB_DROP_RE = re.compile(r"[^\w\- ]")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT_RE = re.compile(r"\balt\s*=\s*(?:\"(?P<alt>[^\"]*)\"|'(?P<alt2>[^']*)')", re.IGNORECASE)
REMOTE = ("http:", "https:", "//")
UNCLOSED_LINK_RE = re.compile(r"(?<!\\)\[(?P<text>[^\[\]]*)\]\((?P<dest>[^()\s]*)[ \t]*$")


@dataclass(frozen=True)
class LinkFix:
    line: int  # in the page body, 1-based
    column: int
    target: str
    what: str  # what was done, for the report
    code: str = ""  # the `garden check` rule the link would have broken; "" for a retarget


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to `-`."""
    return GITHUB_DROP_RE.sub("", text.strip().lower()).replace(" ", "-")


@dataclass(frozen=True)
class PageLinks:
    """What link fixing needs to know about the garden and the pages being planned."""

    exists: Callable[[str], bool]  # a docs-relative path is a file of the garden
    anchors: dict[str, dict[str, str]]  # planned page -> {anchor as written: garden anchor}
    # The note's folder and the docs folder, relative to the project (`notes`, `docs`).
    note_dir: str = ""
    docs_dir: str = "docs"


def fix_links(body: str, src: str, known: PageLinks, ref_defs: dict[str, str]) -> tuple[
        str, list[LinkFix]]:
    """The body of page `src` with its links fixed, and what was changed."""
    scan = scan_markdown(body)
    body, fixes = _fix_links(body, scan, src, known)
    body = _with_ref_defs(body, scan, ref_defs)
    body = _escape_unclosed_links(body, scan, fixes)
    return _escape_undefined_refs(body, ref_defs, fixes)


def remote_images_as_links(body: str, src: str) -> tuple[str, list[LinkFix]]:
    """The body of page `src` (a note kept whole, whose links the site reads as written)
    with only its images from other hosts made links, and badges their alt text."""
    return _fix_links(body, scan_markdown(body), src, None)


# Where a link's target points instead: None where it points already, "" for a note that
# was never written (the link becomes its text).
Retarget = Callable[[str], str | None]


def retargeted_links(body: str, retarget: Retarget) -> tuple[str, list[LinkFix]]:
    """The body with each inline link and image pointed where `retarget` says, and what was
    changed (a note kept whole whose files were moved or renamed when published)."""
    lines = body.split("\n")
    fixes: list[LinkFix] = []
    for link in sorted(scan_markdown(body).links, key=lambda k: (k.line, -k.column)):
        if link.kind not in ("link", "image"):
            continue
        match = INLINE_LINK_RE.match(lines[link.line - 1], link.column - 1)
        dest = match.group("dest") if match else None
        new = retarget(dest) if dest else None
        if match is None or dest is None or new is None:
            continue
        line = lines[link.line - 1]
        if not new:
            lines[link.line - 1] = line[:match.start()] + _plain(dest, match.group("text")) + \
                line[match.end():]
            noun, code = ("image", "GL205") if link.kind == "image" else ("link", "GL201")
            fixes.append(LinkFix(link.line, link.column, dest, f"{noun} to {dest}, which names "
                                 "no file of the vault (a note not written yet?), made plain "
                                 "text", code))
            continue
        start, end = match.span("dest")
        lines[link.line - 1] = line[:start] + new + line[end:]
        fixes.append(LinkFix(link.line, link.column, dest, f"link to {dest} now points to {new}"))
    return "\n".join(lines), fixes


def to_the_notes(body: str, unfound: list[tuple[int, int]]) -> tuple[str, list[LinkFix]]:
    """The body with each link, wikilink or embed at `unfound`'s (line, column) positions,
    which name a heading or block their note lacks, made a link to the note itself, and what
    changed."""
    lines = body.split("\n")
    fixes: list[LinkFix] = []
    for line, column in sorted(set(unfound), reverse=True):  # later columns first
        text = lines[line - 1]
        wikilink = WIKILINK_RE.match(text, column - 1)
        if wikilink is not None and wikilink.group("fragment") is not None:
            new, fix = _wikilink_to_note(wikilink, text, line, column)
        elif (link := INLINE_LINK_RE.match(text, column - 1)) and link.group("dest"):
            new, fix = _link_to_note(link, line, column)
        else:
            continue
        lines[line - 1] = new
        fixes.append(fix)
    return "\n".join(lines), fixes[::-1]


def _wikilink_to_note(match: re.Match[str], text: str, line: int,
                      column: int) -> tuple[str, LinkFix]:
    target, fragment = match.group("target").strip(), match.group("fragment").strip()
    shown = (match.group("text") or "").strip() or shown_text(target, fragment)
    bar = "\\|" if "|" in text[:match.start()] + text[match.end():] else "|"  # a table
    link = _plain(f"{target}#{fragment}",
                  f"[[{target}{bar}{shown}]]" if target else html.escape(shown, quote=False))
    kind = "embed" if match.group("bang") else "wikilink"
    done = (f"in [[{target}]], which the note does not have, now links to the note (as "
            "Obsidian opens it)" if target else "in this note, which it does not have, "
            "made its text")
    return (text[:match.start()] + link + text[match.end():],
            LinkFix(line, column, f"{target}#{fragment}", f"{kind} to '{fragment}' {done}",
                    "GL211"))


def _link_to_note(match: re.Match[str], line: int, column: int) -> tuple[str, LinkFix]:
    dest = match.group("dest")
    angled = dest.startswith("<")
    path, _, fragment = (dest[1:-1] if angled else dest).partition("#")
    text, (start, end) = match.string, match.span("dest")
    if not path:  # a heading of this very note: its text, as `[[#Heading]]` is
        return (text[:match.start()] + _plain(dest, match.group("text")) + text[match.end():],
                LinkFix(line, column, dest, f"link to '#{fragment}' in this note, which it "
                        "does not have, made its text", "GL202"))
    link = text[match.start():start] + (f"<{path}>" if angled else path) + text[end:match.end()]
    return (text[:match.start()] + _plain(dest, link) + text[match.end():],
            LinkFix(line, column, dest, f"link to '#{fragment}' in {path}, a heading the page "
                    "does not have, now links to the page (as Obsidian opens it)", "GL202"))


def _fix_links(body: str, scan: Scan, src: str, known: PageLinks | None) -> tuple[
        str, list[LinkFix]]:
    """The links of the body (`scan` of it) fixed (`known` None: the remote ones only)."""
    lines = body.split("\n")
    fixes: list[LinkFix] = []
    for link in sorted(scan.links, key=lambda k: (k.line, -k.column)):
        if known is None and not is_external(link.target):
            continue
        index = link.line - 1
        if link.kind == "html-image":
            match = next((m for m in HTML_IMG_RE.finditer(lines[index])
                          if m.start() < link.column <= m.end()), None)
            new, what, code = _html_image(match.group(0), link.target) if match else ("", "", "")
        elif link.kind in ("link", "image"):
            match = INLINE_LINK_RE.match(lines[index], link.column - 1)
            if not match or match.group("dest") is None:
                continue
            # The text as written: the scan blanks its code spans.
            new, what, code = _fixed(match.group(0), link.kind, link.target,
                                     match.group("text"), src, known)
        else:
            continue
        if match and what:
            line = lines[index]
            lines[index] = line[:match.start()] + new + line[match.end():]
            fixes.append(LinkFix(link.line, link.column, link.target, what, code))
    return "\n".join(lines), fixes


def _escape_unclosed_links(body: str, scan: Scan, fixes: list[LinkFix]) -> str:
    """`[text](address` with no `)` on its line: Python-Markdown would look for one on later
    lines and make a link of whatever it finds; its bracket is escaped, so it stays text."""
    fenced = {n for fence in scan.fences for n in range(fence.line, (fence.end_line or 0) + 1)}
    lines = body.split("\n")
    for index, line in enumerate(lines):
        match = UNCLOSED_LINK_RE.search(line) if "](" in line else None
        if match and index + 1 not in fenced:
            lines[index] = line[:match.start()] + "\\" + line[match.start():]
            fixes.append(LinkFix(index + 1, match.start() + 1, match.group("dest"),
                                 "link the note never closed kept as text", "GL201"))
    return "\n".join(lines)


def _escape_undefined_refs(body: str, ref_defs: dict[str, str],
                           fixes: list[LinkFix]) -> tuple[str, list[LinkFix]]:
    """`list[i][j]` in prose reads as a reference link to a label nobody defines: its bracket
    is escaped, so it renders as the text it is (and GL207 has nothing to say)."""
    scan = scan_markdown(body)
    defined = {label.lower() for label in scan.ref_defs} | set(ref_defs)
    lines = body.split("\n")
    for link in sorted(scan.links, key=lambda k: (k.line, -k.column)):
        if link.kind == "ref" and link.explicit_ref and link.target.lower() not in defined:
            index, column = link.line - 1, link.column - 1
            label = column + len(link.text) + 2  # the `[` of `[label]`, after `[text]`
            line = lines[index]
            lines[index] = (line[:column] + "\\" + line[column:label] + "\\"
                            + line[label:])
            fixes.append(LinkFix(link.line, link.column, link.target,
                                 f"[{link.target}] is defined nowhere in the note: kept as text",
                                 "GL207"))
    return "\n".join(lines), fixes


def _html_image(tag: str, target: str) -> tuple[str, str, str]:
    """A remote `<img>` as a link to the image, its alt text (or address) as the link's text."""
    if not target.lower().startswith(REMOTE):
        return tag, "", ""
    alt = HTML_ALT_RE.search(tag)
    text = html.escape((alt and (alt.group("alt") or alt.group("alt2"))) or target)
    return (f'<a href="{html.escape(target)}">{text}</a>',
            "remote image made a link (the site loads nothing remote)", "GL208")


def _badge(written: str, text: str) -> tuple[str, str]:
    """`[![alt](remote image)](target)`: the image inside the link becomes its alt text."""
    inner = INLINE_LINK_RE.search(text)
    if not (inner and inner.group("bang") and (inner.group("dest") or "").lower().startswith(
            REMOTE)):
        return written, ""
    return written.replace(inner.group(0), inner.group("text"), 1), \
        "remote image inside a link made its alt text (the site loads nothing remote)"


def _fixed(written: str, kind: str, target: str, text: str, src: str,
           known: PageLinks | None) -> tuple[str, str, str]:
    """(replacement, what was done, rule code) for one link; what is empty when it stays
    (`known` None: a remote link)."""
    if kind == "link" and "![" in text:
        written, what = _badge(written, text)
        if what:
            return written, what, "GL208"
    if target.strip().lower().startswith("javascript:"):
        return _plain("a script", text), "javascript: link made plain text", "GL404"
    if is_external(target):
        if kind == "image" and target.lower().startswith(REMOTE):
            return written[1:], "remote image made a link (the site loads nothing remote)", \
                "GL208"
        return written, "", ""
    assert known is not None, "only remote links are fixed without knowing the garden"
    resolved = resolve_link(src, target)
    if resolved is None:
        return _plain(target, text), "absolute link made plain text", "GL203"
    if resolved.src == src and not target.split("#", 1)[0]:
        return _to_heading(written, text, resolved.fragment, src, known)
    if known.exists(resolved.src):
        return written, "", ""
    page = _from_note(target, known)
    if page is not None:
        path, _, fragment = target.partition("#")
        here = posixpath.relpath(page, posixpath.dirname(src))
        dest = here + (f"#{fragment}" if fragment else "")
        return (f"{'!' if kind == 'image' else ''}[{text}]({dest})",
                f"link to {path}, written from the note's folder, now points to {page}", "")
    noun, code = ("image", "GL205") if kind == "image" else ("link", "GL201")
    return _plain(target, text), (f"{noun} to {resolved.src}, which is not in the garden, made "
                                  "plain text"), code


def _from_note(target: str, known: PageLinks) -> str | None:
    """The docs-relative file a link names when read from the note's own folder, if it is a
    file of the garden."""
    path = target.partition("#")[0]
    if not known.note_dir or not path:
        return None
    page = posixpath.relpath(posixpath.normpath(posixpath.join(known.note_dir, path)),
                             known.docs_dir)
    return page if not page.startswith("../") and known.exists(page) else None


def _to_heading(written: str, text: str, fragment: str, src: str,
                known: PageLinks) -> tuple[str, str, str]:
    """A `#fragment` link of the note: to the page that holds that heading now."""
    if fragment in known.anchors.get(src, {}).values():
        return written, "", ""
    for page, anchors in known.anchors.items():
        anchor = anchors.get(fragment) or anchors.get(fragment.lower())
        if anchor:
            here = "" if page == src else posixpath.relpath(page, posixpath.dirname(src))
            return (f"[{text}]({here}#{anchor})",
                    f"link to #{fragment} now points to {page}#{anchor}", "")
    return _plain(f"#{fragment}", text), (f"link to #{fragment}, a heading the note does not "
                                          "have, made plain text"), "GL202"


def _plain(target: str, text: str) -> str:
    """The link's text, where it pointed kept in a comment (`--` cannot stand in one)."""
    return f"{text}<!-- was a link to {target.replace('--', '- -')} -->"


def _with_ref_defs(body: str, scan: Scan, ref_defs: dict[str, str]) -> str:
    """Append the note's definitions of reference labels the page uses but does not define."""
    used = {link.target.lower() for link in scan.links if link.kind == "ref"}
    defined = {label.lower() for label in scan.ref_defs}
    missing = [ref_defs[label] for label in sorted(used - defined) if label in ref_defs]
    if not missing:
        return body
    return body.rstrip("\n") + "\n\n" + "\n".join(missing) + "\n"


def note_ref_defs(lines: list[str]) -> dict[str, str]:
    """Reference definitions of a note, by lower-case label, as written."""
    defs = {}
    for line in lines:
        match = REF_DEF_RE.match(line)
        if match:
            defs[match.group("label").lower()] = line
    return defs
