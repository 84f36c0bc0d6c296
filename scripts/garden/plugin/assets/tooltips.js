/*
 * A glossary link's definition, or a preview of the page a link leads to, in the theme's own
 * tooltip (Material's `md-tooltip2` markup and styles), shown while the link is pointed at or
 * has the focus.
 *
 * The definition is in the link's `data-garden-definition`, not its `title`: the theme sets up
 * a tooltip for every element with a title as a page starts, a style recalculation each, and
 * a page linking thirty terms spent most of its blocking time there on a phone. Its text is set
 * as text, never read as HTML.
 * A link with `data-garden-preview` gets what the theme's own previews show: the section it
 * leads to (the page's title and first part without a fragment), read from the page, which is
 * fetched when a reader first points at a link to it. The theme's previews (`data-preview`) are
 * set up for every link as a page starts, and each reads the site's sitemap once more: 270 ms
 * of a phone's main thread for the sixty links of this garden's home page, seconds on a garden
 * of thousands of pages. Only pages of this site are fetched, never another address. A link
 * to a place on this page shows its title (`data-garden-title`, as text) instead.
 * Here one listener serves every link of every page instant navigation brings in, and the
 * tooltip is made when a reader first asks for one.
 */
(function () {
  "use strict";

  var LINK = "a[data-garden-definition], a[data-garden-preview]";
  var HIDE_DELAY_MS = 250; // the theme's: time to move the pointer onto the tooltip
  var ID = "garden-tooltip";
  // The site's root, two folders up from this script (assets/garden/tooltips.js).
  var SITE_ROOT = new URL("../../", document.currentScript ? document.currentScript.src
    : location.href);
  var tooltip = null;
  var inner = null;
  var host = null;   // the link the tooltip is shown for
  var wanted = null; // the link pointed at or focused, its preview perhaps still loading
  var hideTimer = 0;
  var pages = {};    // page address -> promise of its document, fetched once a page load
  var previews = 0;  // previews made: suffixes for the ids of the form controls they copy

  function make() {
    tooltip = document.createElement("div");
    tooltip.className = "md-tooltip2 md-tooltip2--bottom";
    tooltip.setAttribute("role", "tooltip");
    tooltip.id = ID;
    inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    tooltip.appendChild(inner);
    tooltip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tooltip.addEventListener("mouseleave", hideSoon);
  }

  /* Where the theme's styles put the tooltip: a definition under the link, centred on it; a
   * preview (the theme's dialog) under it, or above it when the link is low in the window. */
  function place() {
    var box = host.getBoundingClientRect();
    var style = tooltip.style;
    var dialog = tooltip.getAttribute("role") === "dialog";
    var y = dialog ? 16 + box.height : 8 + box.height;
    if (dialog && box.y >= window.innerHeight / 2) y = -16 - tooltip.offsetHeight;
    style.setProperty("--md-tooltip-host-x", box.x + window.scrollX + "px");
    style.setProperty("--md-tooltip-host-y", box.y + window.scrollY + "px");
    style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    style.setProperty("--md-tooltip-y", y + "px");
    tooltip.classList.toggle("md-tooltip2--top", y < 0);
    tooltip.classList.toggle("md-tooltip2--bottom", y >= 0);
    if (dialog) {  // the theme's width and tail for previews
      style.removeProperty("--md-tooltip-width");
      style.removeProperty("--md-tooltip-tail");
    } else {
      style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
      style.setProperty("--md-tooltip-tail", "0px");
    }
  }

  /* The address of the page a link previews: a page of this site other than this one (whose
   * preview would show what is already in view); null for any other link. */
  function previewed(link) {
    var url = new URL(link.href, location.href);
    var inSite = url.origin === SITE_ROOT.origin && url.pathname.indexOf(SITE_ROOT.pathname) === 0;
    return inSite && url.pathname !== location.pathname ? url : null;
  }

  function pageDocument(url) {
    var address = url.origin + url.pathname;
    if (!pages[address]) {
      pages[address] = fetch(address, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(address + ": HTTP " + response.status);
        return response.text();
      }).then(function (text) {
        return new DOMParser().parseFromString(text, "text/html");
      });
      pages[address].catch(function () { delete pages[address]; });  // tried again next time
    }
    return pages[address];
  }

  /* As the theme's previews: the heading the link leads to (the page's first without a
   * fragment) as a smaller heading, and what follows it up to the next heading; addresses made
   * absolute, and the ids of copied form controls (content tabs) made the preview's own. */
  function previewNodes(page, url) {
    var article = page.querySelector("article");
    var id = decodeURIComponent(url.hash.slice(1));
    var heading = article && (id ? article.querySelector('[id="' + CSS.escape(id) + '"]')
      : article.querySelector("h1"));
    if (!heading) return null;
    var title = document.createElement("h3");
    title.append.apply(title, Array.from(heading.childNodes, function (node) {
      return document.importNode(node, true);
    }));
    var nodes = [title];
    for (var next = heading.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName);
      next = next.nextElementSibling) {
      nodes.push(document.importNode(next, true));
    }
    var suffix = "$preview_" + ++previews;
    nodes.forEach(function (node) {
      node.querySelectorAll("[href], [src]").forEach(function (element) {
        ["href", "src"].forEach(function (name) {
          var value = element.getAttribute(name);
          if (value !== null) element.setAttribute(name, new URL(value, url).href);
        });
      });
      node.querySelectorAll("[name^=__], [for]").forEach(function (element) {
        ["id", "for", "name"].forEach(function (name) {
          var value = element.getAttribute(name);
          if (value) element.setAttribute(name, value + suffix);
        });
      });
    });
    return nodes;
  }

  function open(link, content, role) {
    if (host) host.removeAttribute("aria-describedby");
    if (!tooltip) make();
    host = link;
    tooltip.setAttribute("role", role);
    inner.replaceChildren.apply(inner, content);
    inner.scrollTop = 0;
    if (!tooltip.isConnected) document.body.appendChild(tooltip);
    place();
    if (role === "tooltip") link.setAttribute("aria-describedby", ID);
    requestAnimationFrame(function () {
      if (host === link) tooltip.classList.add("md-tooltip2--active");
    });
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (wanted === link) return;
    wanted = link;
    var definition = link.getAttribute("data-garden-definition");
    if (definition !== null) return open(link, [definition], "tooltip");
    var url = previewed(link);
    if (!url) {  // a place on this page: the link's own title, which the theme's preview hid
      var title = link.getAttribute("data-garden-title");
      return title ? open(link, [title], "tooltip") : hide();
    }
    pageDocument(url).then(function (page) {
      var nodes = wanted === link && previewNodes(page, url);
      if (nodes) open(link, nodes, "dialog");
    }).catch(function (error) {
      console.warn("garden: no preview of " + url.href + ":", error);
    });
  }

  function hide() {
    clearTimeout(hideTimer);
    wanted = null;
    if (!host) return;
    host.removeAttribute("aria-describedby");
    host = null;
    tooltip.classList.remove("md-tooltip2--active");
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (wanted !== document.activeElement) hide();
    }, HIDE_DELAY_MS);
  }

  /* The link an event is on; not one inside the tooltip (a preview's own links). */
  function linkOf(event) {
    var link = event.target instanceof Element ? event.target.closest(LINK) : null;
    return link && !(tooltip && tooltip.contains(link)) ? link : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && link === wanted && !link.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) show(link);
    else if (wanted && !(tooltip && tooltip.contains(event.target))) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (wanted && linkOf(event) === wanted && !wanted.matches(":hover") &&
        !(tooltip && tooltip.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  // A page brought in by instant navigation takes the link away; a scroll or a resize moves it.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(hide);
  }
  window.addEventListener("resize", function () { if (host) place(); });
  document.addEventListener("scroll", function () { if (host) place(); }, true);
})();
