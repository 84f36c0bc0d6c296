"""Code blocks copied out of a chat app with their header: the fence opens a block again."""

from __future__ import annotations

from garden.text.copied_code import unglued_fences

# As a note of a real vault holds them (a chat app's "bash  Copy  Download" header).
NOTE = """\
Run it:

bashCopyDownload```
python manage.py test --settings=uch.settings_test
DATABASES['default']['NAME'] = 'db_test.sqlite3'
```

```text
pythonCopyDownload``` stays: it is inside a code block
```

If the venv is broken:bashCopyDownload```
rm -rf venv
```
"""


def test_a_fence_glued_to_a_copied_header_opens_its_block_with_the_language() -> None:
    result = unglued_fences(NOTE)
    lines = result.text.split("\n")
    assert lines[2] == "```bash" and result.repaired == [3]
    assert lines[8] == "pythonCopyDownload``` stays: it is inside a code block"
    # After text, the line is named and kept: its own line for the fence would shift the rest.
    assert result.left == [12] and lines[11] == NOTE.split("\n")[11]
    assert len(lines) == len(NOTE.split("\n"))


def test_text_without_a_copied_header_is_unchanged() -> None:
    text = "Copy the file:\n\n```bash\ncp a b\n```\n"
    assert unglued_fences(text).text == text and not unglued_fences(text).repaired
