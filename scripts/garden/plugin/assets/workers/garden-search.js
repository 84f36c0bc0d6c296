/*
 * The garden's search worker: Material's search dialog talks to it as to the theme's own lunr
 * worker (messages SETUP, READY, QUERY, RESULT), and it answers from the Pagefind bundles
 * written after the build (garden.features.search_index). The theme sends the trimmed
 * search/search_index.json with SETUP; its config lists the bundles, the site's language first,
 * each other language with the letters its words are written in.
 * Each bundle's pagefind.js is imported as a module of its own, so each keeps its own
 * WebAssembly and stemmer (one per language); results are merged by page. A bundle written in
 * parts (a large site) merges its other parts into its first (Pagefind's mergeIndex): one
 * WebAssembly, and one ranking over all of them.
 * Nothing loads with the page (the engine and its index are most of what a page would
 * download): a bundle loads when the reader moves into the search box, which the page says on
 * the channel named in this worker's URL (`#…`, see the plugin's main.html), or on the first
 * query that needs it.
 */
"use strict"

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3
// Pages whose sections are loaded for the dialog; a reader refines the query past these.
const MAX_PAGES = 10
const MARK_RE = /<mark>([^<]*)<\/mark>/g
const WORD_RE = /[\p{L}\p{N}_]+/gu
// The worker sits three folders down from the site root (assets/garden/workers/ when the
// plugin ships it, or assets/javascripts/workers/ in the theme's place).
const SITE_ROOT = new URL("../../../", self.location.href)

let bundles = []  // { folder, letters, parts, engine }: the site's language first
let suggest = false
let latestQuery = 0

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

async function loadEngine(folder) {
  const engine = await import(new URL(`${folder}pagefind.js`, SITE_ROOT).href)
  await engine.options({ excerptLength: 24 })
  await engine.init()
  return engine
}

async function withParts(engine, parts) {
  await Promise.all(parts.map(part => engine.mergeIndex(new URL(part, SITE_ROOT).href)))
  return engine
}

const SITE_BUNDLE = "pagefind/"

/* A bundle's engine with its parts merged in, loaded once, when first asked for. */
function engineOf(bundle) {
  bundle.engine = bundle.engine ||
    loadEngine(bundle.folder).then(engine => withParts(engine, bundle.parts))
  return bundle.engine
}

/* The bundle a reader entering the search box will most likely query: that of their browser's
   first language when the site has one for it, else the site's own. */
function likelyBundle() {
  const language = (self.navigator.languages || [])[0] || ""
  return bundles.find(bundle => bundle.lang && language.split("-")[0] === bundle.lang) ||
    bundles.find(bundle => bundle.folder === SITE_BUNDLE)
}

let warmWanted = false
function warm() {
  warmWanted = !bundles.length  // before SETUP: warmed when the bundles are known
  const bundle = likelyBundle()
  if (bundle)
    engineOf(bundle).catch(() => {})  // reported by the search that needs it
}

const channel = self.location.hash.slice(1)
if (channel)
  new BroadcastChannel(channel).onmessage = warm

/* Each bundle the query needs, with the words it is asked for: a language's bundle gets the
   words written in its letters, the site's own bundle every other word. A bundle loads on its
   first query. No page holds a passage in another language outside that language's bundle. */
function searchesFor(query) {
  const words = query.split(/\s+/).filter(Boolean)
  const isOther = word => bundles.some(bundle => bundle.letters && bundle.letters.test(word))
  return bundles
    .map(bundle => ({
      bundle,
      words: words.filter(word => bundle.letters ? bundle.letters.test(word) : !isOther(word))
    }))
    .filter(({ words }) => words.length)
    .map(({ bundle, words }) => engineOf(bundle).then(engine => engine.search(words.join(" "))))
}

/* The site-relative location Material expects, from Pagefind's root-relative URL. */
function siteLocation(url) {
  const path = new URL(url, SITE_ROOT)
  return `${path.pathname.slice(SITE_ROOT.pathname.length)}${path.hash}`
}

function markedWords(excerpts) {
  const words = new Set()
  for (const excerpt of excerpts)
    for (const [, word] of excerpt.matchAll(MARK_RE))
      for (const [part] of word.matchAll(WORD_RE))
        words.add(part.toLowerCase())
  return words
}

/* One page's documents for Material: the page first, then its sections, best first. */
function pageItem(page, score) {
  const terms = {}
  for (const word of markedWords([page.excerpt, ...page.sections.map(s => s.excerpt)]))
    terms[word] = true
  const hits = section => section.locations.length
  const most = Math.max(1, ...page.sections.map(hits))
  const sections = page.sections
    // The page's own heading leads to the page itself, which comes first already.
    .filter(section => section.location.includes("#") && section.title !== page.title)
    .sort((a, b) => hits(b) - hits(a))
    .map(section => ({
      location: section.location,
      title: escapeHtml(section.title),
      text: `<p>${section.excerpt}</p>`,
      score: score * hits(section) / most,
      terms
    }))
  return [
    { location: page.location, title: escapeHtml(page.title), text: `<p>${page.excerpt}</p>`,
      score, terms },
    ...sections
  ]
}

/* The best pages of every bundle the query needs, best first, each with its loading data. */
async function rankedResults(query) {
  const found = await Promise.all(searchesFor(query))
  return found.flatMap(({ results }) => results.slice(0, MAX_PAGES))
    .sort((a, b) => b.score - a.score)
    .map(result => ({ score: result.score, data: result.data() }))
}

/* Loaded results merged by page: the best score, and every section either bundle found. */
function pagesOf(loaded) {
  const pages = new Map()
  for (const { score, data } of loaded) {
    const key = siteLocation(data.url)
    const page = pages.get(key) || {
      location: key, title: data.meta.title || key, excerpt: data.excerpt, score,
      sections: new Map()
    }
    for (const sub of data.sub_results) {
      const section = { location: siteLocation(sub.url), title: sub.title,
                        excerpt: sub.excerpt, locations: sub.locations || [] }
      const known = page.sections.get(section.location)
      if (!known || known.locations.length < section.locations.length)
        page.sections.set(section.location, section)
    }
    pages.set(key, page)
  }
  return [...pages.values()].slice(0, MAX_PAGES)
    .map(page => pageItem({ ...page, sections: [...page.sections.values()] }, page.score))
}

/* Material completes the last word typed with the last suggestion that starts with it. A word
   with an underscore is a heading's id or a name in code (`задержка_1`), not one to offer. */
function suggestions(query, items) {
  const typed = query.split(/[\s-]+/).pop()
  if (!typed || !items.length)
    return []
  const completion = Object.keys(items[0][0].terms)
    .find(word => word.startsWith(typed.toLowerCase()) && word.length > typed.length &&
      !word.includes("_"))
  return completion ? [typed + completion.slice(typed.length)] : []
}

function post(query, items) {
  const data = { items }
  if (suggest)
    data.suggest = suggestions(query, items)
  self.postMessage({ type: RESULT, data })
}

/* The best page is shown as soon as it is loaded, the rest when they all are: each page is a
   request of its own, and the first one decides how soon the reader sees an answer. */
async function answer(query) {
  const id = ++latestQuery
  const ranked = query.trim() ? await rankedResults(query) : []
  if (id !== latestQuery)
    return  // a newer query is on its way
  if (ranked.length > 1) {
    const best = { score: ranked[0].score, data: await ranked[0].data }
    if (id !== latestQuery)
      return
    post(query, pagesOf([best]))
  }
  const loaded = await Promise.all(ranked.map(async ({ score, data }) => ({
    score, data: await data
  })))
  if (id === latestQuery)
    post(query, pagesOf(loaded))
}

self.addEventListener("message", ({ data: message }) => {
  switch (message.type) {
    case SETUP:
      suggest = Boolean(message.data.options && message.data.options.suggest)
      bundles = (message.data.config.pagefind || []).map(({ folder, lang, letters, parts }) => ({
        folder, lang, letters: letters ? new RegExp(letters, "u") : null, parts: parts || [],
        engine: null
      }))
      if (warmWanted)
        warm()
      self.postMessage({ type: READY })
      break
    case QUERY:
      answer(message.data).catch(error => {
        console.error("search failed:", error)
        self.postMessage({ type: RESULT, data: { items: [] } })
      })
      break
  }
})
