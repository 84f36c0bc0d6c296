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
# Resolves once the results have not changed for `quiet` ms.
LIST_UNCHANGED = """quiet => new Promise(resolve => {
  let timer = setTimeout(done, quiet)
  const observer = new MutationObserver(() => {
    clearTimeout(timer)
    timer = setTimeout(done, quiet)
  })
  function done() { observer.disconnect(); resolve() }
  observer.observe(document.querySelector('.md-search-result'),
                   { childList: true, subtree: true, characterData: true, attributes: true })
})"""
QUIET_MS = 1000


def wait_for_final_results(page) -> None:
    """The results as the search answers last. The garden's search worker draws the best page
    as soon as it is loaded and every page once all are: the first drawing alone shows all its
    results too, and the second replaces the list (a section unfolded in the first is folded
    again), so the list is read once it has stayed as it is for a while."""
    page.wait_for_function(ALL_RESULTS_SHOWN)
    page.evaluate(LIST_UNCHANGED, QUIET_MS)
    page.wait_for_function(ALL_RESULTS_SHOWN)
