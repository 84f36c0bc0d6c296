/*
 * A glossary link's definition as a tooltip, in the theme's own tooltip (Material's
 * `md-tooltip2` markup and styles), shown while the link is pointed at or has the focus.
 *
 * The definition is in the link's `data-garden-definition`, not its `title`: the theme sets up
 * a tooltip for every element with a title as a page starts, a style recalculation each, and
 * a page linking thirty terms spent most of its blocking time there on a phone. Here one
 * listener serves every link of every page instant navigation brings in, and the tooltip is
 * made when a reader first asks for one. Its text is set as text, never read as HTML.
 */
(function () {
  "use strict";

  var LINK = "a[data-garden-definition]";
  var HIDE_DELAY_MS = 250; // the theme's: time to move the pointer onto the tooltip
  var ID = "garden-tooltip";
  var tooltip = null;
  var inner = null;
  var host = null;
  var hideTimer = 0;

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

  /* Where the theme's styles put the tooltip: under the link, centred on it. */
  function place() {
    var box = host.getBoundingClientRect();
    var style = tooltip.style;
    style.setProperty("--md-tooltip-host-x", box.x + window.scrollX + "px");
    style.setProperty("--md-tooltip-host-y", box.y + window.scrollY + "px");
    style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    style.setProperty("--md-tooltip-y", 8 + box.height + "px");
    style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
    style.setProperty("--md-tooltip-tail", "0px");
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (host === link) return;
    if (host) host.removeAttribute("aria-describedby");
    if (!tooltip) make();
    host = link;
    inner.textContent = link.getAttribute("data-garden-definition");
    if (!tooltip.isConnected) document.body.appendChild(tooltip);
    place();
    link.setAttribute("aria-describedby", ID);
    requestAnimationFrame(function () {
      if (host === link) tooltip.classList.add("md-tooltip2--active");
    });
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!host) return;
    host.removeAttribute("aria-describedby");
    host = null;
    tooltip.classList.remove("md-tooltip2--active");
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (host && host !== document.activeElement) hide();
    }, HIDE_DELAY_MS);
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest(LINK) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && link === host && !link.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) show(link);
    else if (host) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event) === host && !host.matches(":hover")) hide();
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
