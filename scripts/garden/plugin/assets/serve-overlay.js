/*
 * While `mkdocs serve` runs: the problems of the last build over the page being viewed.
 *
 * The garden plugin writes assets/garden/problems.json after every build (garden/plugin/
 * serve.py) and adds this script to pages only while serving. Each page load (Material's
 * instant navigation included) reads it; a failed or warning build lists its problems as
 * `path:line:col: CODE message`, this page's first. The next good build empties the file and
 * live reload brings the page back without the overlay.
 */
(function () {
  "use strict";

  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var PROBLEMS_URL = new URL("problems.json", SCRIPT_URL).href;
  var SITE_ROOT = new URL("../../", SCRIPT_URL);
  var OVERLAY_ID = "garden-problems";

  function here(problem) {
    if (!problem.url) return false;
    return new URL(problem.url, SITE_ROOT).pathname === location.pathname;
  }

  function line(problem) {
    var where = problem.path ? problem.path + ":" + problem.line + ":" + problem.column + ": " : "";
    return where + (problem.code ? problem.code + " " : "") + problem.message;
  }

  function render(data) {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
    if (!data || !data.problems || !data.problems.length) return;
    var problems = data.problems.slice().sort(function (a, b) { return here(b) - here(a); });
    var box = document.createElement("section");
    box.id = OVERLAY_ID;
    box.className = "garden-problems";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build problems");
    var title = document.createElement("h2");
    title.className = "garden-problems__title";
    title.textContent = (data.failed ? "The last build failed" : "The last build warned") +
      ": " + problems.length + " problem" + (problems.length === 1 ? "" : "s") +
      " (the page reloads when they are fixed)";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "garden-problems__close";
    close.textContent = "Hide";
    close.addEventListener("click", function () { box.remove(); });
    var list = document.createElement("ul");
    list.className = "garden-problems__list";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      if (here(problem)) item.className = "garden-problems__here";
      var code = document.createElement("code");
      code.textContent = line(problem);  // text, never markup: messages quote page content
      item.appendChild(code);
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(close);
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function refresh() {
    fetch(PROBLEMS_URL, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(render)
      .catch(function () { /* the server is gone: nothing to show */ });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(refresh);
  } else {
    refresh();
  }
})();
