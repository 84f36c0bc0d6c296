"""The theme's search dialog as the browser tests read it."""

from __future__ import annotations

# The count the theme shows ("3 matching documents") and as many results listed: the theme adds
# the results one by one after the count, and lists at most 10 before the reader scrolls.
ALL_RESULTS_SHOWN = """() => {
  const meta = document.querySelector('.md-search-result__meta')
  const count = meta ? parseInt(meta.textContent, 10) : 0
  const shown = document.querySelectorAll('.md-search-result__item').length
  return count > 0 && shown >= Math.min(count, 10)
}"""
