/*
 * The garden's graph: pages and glossary terms as nodes, links as edges, sections as colours.
 *
 * Graphs are laid out at build time (garden.features.graph_layout), so a page only draws
 * them: the full map's data gives each node's `x` and `y`, a page's neighbourhood file its own
 * `layout` (x and y of each node, in order). Data without positions (a graph of one's own in
 * `data-garden-src`, or a neighbourhood cut from the whole map) is laid out by d3-force in a
 * worker (graph-layout.js), so the page stays responsive. This file
 * draws on a canvas: wheel zoom, drag to pan, click a node to open its page, a search box that
 * highlights matches, a legend whose sections can be hidden. Drawing keeps to the frame budget
 * on large maps: nodes and links outside the view are skipped, small nodes are drawn as
 * squares, and while the view moves a map with many links draws them only once it rests.
 * Every element with `data-garden-graph="full"` gets the whole map (assets/graph.json, or the
 * URL in `data-garden-src`); `data-garden-graph="local"` with `data-garden-node="<page src>"`
 * gets that page's neighbourhood, from the file `data-garden-neighbourhood` names (a site-root
 * path: only the neighbourhood is fetched), else from the whole graph, once it comes near the
 * view. The pages that draw a graph load this script in their content, so Material's instant
 * navigation runs it again on each: it then mounts that page's graphs.
 */
(function () {
  "use strict";

  if (window.gardenGraph) return window.gardenGraph.init();

  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var SITE_ROOT = new URL("../../", SCRIPT_URL);
  var DEFAULT_DATA = new URL("assets/graph.json", SITE_ROOT).href;
  var TERM_COLOR = "#8d6e63";
  var SECTION_COLORS = 20;  // ten hues, 36 degrees apart, each dark and light
  var LABEL_HEIGHT = 14;         // a 12px label's line, in CSS pixels
  var LABEL_GAP = 2;             // the least room between two labels
  var LAYOUT_URL = new URL("graph-layout.js", SCRIPT_URL).href;
  var MOVING_LINK_LIMIT = 4000;  // more links than this are left out while the view moves
  var REST_MS = 120;             // the view rests this long after the last pan or zoom
  var EXTENT = 1000;             // positions given in the data lie within ±EXTENT
  var cache = {};

  /* A section's colour follows from its name alone (an FNV-1a hash picks one of the colours),
   * so adding, removing or renaming a section never recolours another. */
  function sectionColor(name) {
    var hash = 2166136261;
    for (var i = 0; i < name.length; i++) {
      hash ^= name.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    var k = hash % SECTION_COLORS;
    return "hsl(" + (k % 10) * 36 + ", 60%, " + (k < 10 ? 36 : 54) + "%)";
  }

  function nodeColor(n) {
    return n.kind === "term" ? TERM_COLOR : sectionColor(n.group);
  }

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return cache[url];
  }

  /* The page's one layout worker, shared by its graphs; answers are routed by job id. */
  var layout = { worker: null, next: 0, listeners: {} };

  /* Started as soon as a page has a graph, so its start overlaps fetching the data. */
  function layoutWorker() {
    if (!layout.worker) {
      layout.worker = new Worker(LAYOUT_URL);
      layout.worker.onmessage = function (event) {
        var listen = layout.listeners[event.data.id];
        if (event.data.done) delete layout.listeners[event.data.id];
        if (listen) listen(event.data);
      };
      layout.worker.onerror = function (event) {
        var listeners = layout.listeners;
        layout.listeners = {};
        layout.worker = null;
        Object.keys(listeners).forEach(function (id) {
          listeners[id]({ error: event.message || "the layout worker failed" });
        });
      };
    }
    return layout.worker;
  }

  function startLayout(job, listener) {
    job.id = ++layout.next;
    layout.listeners[job.id] = listener;
    layoutWorker().postMessage(job, [job.links.buffer, job.groups.buffer]);
    return job.id;
  }

  function stopLayout(id) {
    if (!layout.listeners[id]) return;
    delete layout.listeners[id];
    layout.worker.postMessage({ cancel: id });
  }

  /* The nodes and edges one container shows: everything, or a node and its neighbours. */
  function subgraph(data, centre) {
    if (!centre) return { nodes: data.nodes, edges: data.edges };
    var keep = {};
    keep[centre] = true;
    data.edges.forEach(function (e) {
      if (e.source === centre) keep[e.target] = true;
      if (e.target === centre) keep[e.source] = true;
    });
    return {
      nodes: data.nodes.filter(function (n) { return keep[n.id]; }),
      edges: data.edges.filter(function (e) { return keep[e.source] && keep[e.target]; })
    };
  }

  /* The positions the data gives for `nodes` (x and y of each, in order): a neighbourhood's
   * own `layout`, or the map's `x` and `y`; none for a neighbourhood cut from the whole map,
   * whose positions are the map's, not laid out for it. */
  function givenPositions(data, nodes, local) {
    var place = {};
    if (Array.isArray(data.layout) && data.layout.length === 2 * data.nodes.length) {
      data.nodes.forEach(function (n, i) { place[n.id] = [data.layout[2 * i], data.layout[2 * i + 1]]; });
    } else if (!local) {
      data.nodes.forEach(function (n) {
        if (typeof n.x === "number" && typeof n.y === "number") place[n.id] = [n.x, n.y];
      });
    }
    var found = nodes.map(function (n) { return place[n.data.id]; });
    return found.length && found.every(Boolean) ? found : null;
  }

  function Graph(container, data, centre) {
    var self = this;
    var part = subgraph(data, centre);
    this.container = container;
    this.local = container.getAttribute("data-garden-graph") === "local";
    this.centre = centre;
    var index = {};
    var groups = [];
    this.nodes = part.nodes.map(function (n, i) {
      index[n.id] = i;
      if (n.kind !== "term" && groups.indexOf(n.group) < 0) groups.push(n.group);
      return { data: n, x: 0, y: 0, degree: 0, i: i };
    });
    this.placed = givenPositions(data, this.nodes, this.local);
    groups.sort();
    this.groups = groups;
    this.edges = [];
    part.edges.forEach(function (e) {
      var a = index[e.source], b = index[e.target];
      if (a === undefined || b === undefined) return;
      self.edges.push([a, b]);
      self.nodes[a].degree++;
      self.nodes[b].degree++;
    });
    this.neighbours = this.nodes.map(function () { return []; });
    this.edges.forEach(function (e) {
      self.neighbours[e[0]].push(e[1]);
      self.neighbours[e[1]].push(e[0]);
    });
    this.nodes.forEach(function (n) {
      n.r = (self.local ? 5 : 3.5) + Math.min(Math.sqrt(n.degree) * 1.6, 9);
      n.color = nodeColor(n.data);
    });
    var degrees = this.nodes.map(function (n) { return n.degree; }).sort(function (a, b) { return b - a; });
    this.hubDegree = degrees[Math.min(11, degrees.length - 1)] || 0;  // about a dozen labelled hubs
    this.scale = 1;
    this.offsetX = 0;
    this.offsetY = 0;
    this.hover = -1;
    this.hidden = {};
    this.moving = false;
    this.matches = null;
    this.layoutMs = 0;
    this.frames = 0;
    this.frameMs = 0;
    this.build();
    this.layout();
  }

  Graph.prototype.build = function () {
    var self = this;
    var container = this.container;
    if (!this.local) {
      var bar = document.createElement("div");
      bar.className = "garden-graph__bar";
      this.search = document.createElement("input");
      this.search.type = "search";
      this.search.className = "md-input garden-graph__search";
      this.search.placeholder = "Highlight pages and terms";
      this.search.setAttribute("aria-label", "Highlight pages and terms in the graph");
      this.search.addEventListener("input", function () { self.highlight(self.search.value); });
      this.search.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && self.matches && self.matches.length) self.focusOn(self.matches[0]);
      });
      this.status = document.createElement("output");
      this.status.className = "garden-graph__status";
      bar.appendChild(this.search);
      bar.appendChild(this.status);
      container.appendChild(bar);
      container.appendChild(this.legend());
    }
    this.canvas = document.createElement("canvas");
    this.canvas.className = "garden-graph__canvas";
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", this.local
      ? "Graph of the pages linked with this page" : "Graph of every page and glossary term");
    this.canvas.tabIndex = 0;
    container.appendChild(this.canvas);
    this.link = document.createElement("a");
    this.link.hidden = true;
    this.link.href = SITE_ROOT.href; // a real href until a node is opened (crawlable anchors)
    container.appendChild(this.link);
    this.context = this.canvas.getContext("2d");
    this.resize();
    if (window.ResizeObserver) {
      this.observer = new ResizeObserver(function () { self.resize(); self.draw(); });
      this.observer.observe(this.canvas);
    }
    this.listen();
    container.gardenGraph = this;
    container.setAttribute("data-garden-nodes", String(this.nodes.length));
    container.setAttribute("data-garden-edges", String(this.edges.length));
  };

  /* The sections and their colours; each is a toggle that hides or shows its nodes, so a
   * large map can be narrowed down to what a reader looks for. */
  Graph.prototype.legend = function () {
    var self = this;
    var legend = document.createElement("ul");
    legend.className = "garden-graph__legend";
    var hasTerms = this.nodes.some(function (n) { return n.data.kind === "term"; });
    this.groups.concat(hasTerms ? ["glossary"] : []).forEach(function (group) {
      var item = document.createElement("li");
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "garden-graph__filter";
      toggle.setAttribute("aria-pressed", "true");
      toggle.title = "Show or hide " + group;
      var swatch = document.createElement("span");
      swatch.style.background = nodeColor({ kind: group === "glossary" ? "term" : "page",
                                             group: group });
      toggle.appendChild(swatch);
      toggle.appendChild(document.createTextNode(group));
      toggle.addEventListener("click", function () {
        self.hidden[group] = !self.hidden[group];
        toggle.setAttribute("aria-pressed", String(!self.hidden[group]));
        self.report();
        self.draw();
      });
      item.appendChild(toggle);
      legend.appendChild(item);
    });
    return legend;
  };

  Graph.prototype.shown = function (n) {
    return !this.hidden[n.data.group];
  };

  Graph.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(rect.width, 1);
    this.height = Math.max(rect.height, 1);
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.ratio = ratio;
  };

  /* The positions the data gives, in drawing units: spread as wide as the force layout
   * spreads a graph of this size (graph-layout.js), so nodes are drawn at the same sizes. */
  Graph.prototype.given = function () {
    var nodes = this.nodes;
    var unit = (Math.sqrt(nodes.length) * 28 + 40) / EXTENT;
    var out = new Float32Array(nodes.length * 2);
    for (var i = 0; i < nodes.length; i++) {
      out[2 * i] = this.placed[i][0] * unit;
      out[2 * i + 1] = this.placed[i][1] * unit;
    }
    return out;
  };

  /* Lay the graph out: positions given in the data at once; without them in the worker,
   * drawn at each of its reports. The graph is marked ready when its layout has settled. */
  Graph.prototype.layout = function () {
    var self = this;
    var started = performance.now();
    if (this.placed) return this.settled({ positions: this.given(), ticks: 0 }, started);
    var links = new Uint32Array(this.edges.length * 2);
    this.edges.forEach(function (e, k) { links[2 * k] = e[0]; links[2 * k + 1] = e[1]; });
    var groups = new Int16Array(this.nodes.length);
    var centre = -1;
    this.nodes.forEach(function (n, i) {
      groups[i] = n.data.kind === "term" ? -1 : self.groups.indexOf(n.data.group);
      if (n.data.id === self.centre) centre = i;
    });
    var job = { count: this.nodes.length, links: links, groups: groups,
      groupCount: this.groups.length, centre: centre };
    this.job = startLayout(job, function (answer) {
      if (answer.error) return self.fail(answer.error);
      if (!self.canvas.isConnected) return self.destroy();
      if (answer.done) return self.settled(answer, started);
      self.place(answer.positions);
      self.ticks = answer.ticks;
    });
  };

  Graph.prototype.settled = function (answer, started) {
    this.place(answer.positions);
    this.ticks = answer.ticks;
    this.layoutMs = performance.now() - started;
    this.job = null;
    this.container.setAttribute("data-garden-ready", "true");
    this.report();
  };

  Graph.prototype.place = function (positions) {
    for (var i = 0; i < this.nodes.length; i++) {
      this.nodes[i].x = positions[2 * i];
      this.nodes[i].y = positions[2 * i + 1];
    }
    this.fit();
    this.draw();
  };

  Graph.prototype.fail = function (message) {
    this.container.setAttribute("data-garden-error", String(message));
    if (this.status) this.status.textContent = "The graph's layout failed: " + message;
  };

  Graph.prototype.fit = function () {
    if (this.userMoved || !this.nodes.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    this.nodes.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var pad = this.local ? 40 : 30;
    var scale = Math.min((this.width - 2 * pad) / Math.max(maxX - minX, 1),
      (this.height - 2 * pad) / Math.max(maxY - minY, 1));
    this.scale = Math.max(Math.min(scale, this.local ? 1.6 : 2.5), 0.05);
    this.offsetX = this.width / 2 - (minX + maxX) / 2 * this.scale;
    this.offsetY = this.height / 2 - (minY + maxY) / 2 * this.scale;
  };

  Graph.prototype.toScreen = function (n) {
    return { x: n.x * this.scale + this.offsetX, y: n.y * this.scale + this.offsetY };
  };

  Graph.prototype.nodeAt = function (sx, sy) {
    var best = -1, bestD = Infinity;
    for (var i = 0; i < this.nodes.length; i++) {
      var n = this.nodes[i];
      if (!this.shown(n)) continue;
      var px = n.x * this.scale + this.offsetX - sx, py = n.y * this.scale + this.offsetY - sy;
      var d = px * px + py * py;
      var reach = Math.max(n.r * this.scale, 6) + 3;
      if (d < reach * reach && d < bestD) { best = i; bestD = d; }
    }
    return best;
  };

  /* The part of the layout plane on screen, with a margin for node radii and labels. */
  Graph.prototype.view = function () {
    var margin = 24 / this.scale;
    return {
      left: -this.offsetX / this.scale - margin, top: -this.offsetY / this.scale - margin,
      right: (this.width - this.offsetX) / this.scale + margin,
      bottom: (this.height - this.offsetY) / this.scale + margin
    };
  };

  Graph.prototype.draw = function () {
    var start = performance.now();
    var ctx = this.context;
    var style = getComputedStyle(this.container);
    var colors = {
      fg: style.getPropertyValue("--md-default-fg-color").trim() || style.color,
      faint: style.getPropertyValue("--md-default-fg-color--lighter").trim() || "rgba(0,0,0,.3)",
      accent: style.getPropertyValue("--md-accent-fg-color").trim() || "#009688"
    };
    var state = this.drawState();
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.setTransform(this.ratio * this.scale, 0, 0, this.ratio * this.scale,
      this.ratio * this.offsetX, this.ratio * this.offsetY);
    if (!this.moving || this.edges.length <= MOVING_LINK_LIMIT) this.drawEdges(state, colors);
    this.drawFocus(state, colors);
    this.drawNodes(state, colors);
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.font = "12px " + (style.fontFamily || "sans-serif");
    this.drawLabels(state, colors);
    this.frames++;
    this.frameMs += performance.now() - start;
  };

  /* What one frame needs to know: the hovered node and its neighbours, the search matches. */
  Graph.prototype.drawState = function () {
    var focus = this.hover >= 0 ? this.hover : -1;
    var near = {};
    if (focus >= 0) {
      near[focus] = true;
      this.neighbours[focus].forEach(function (j) { near[j] = true; });
    }
    var matched = null;
    if (this.matches) {
      matched = {};
      this.matches.forEach(function (i) { matched[i] = true; });
    }
    return {
      focus: focus, near: near, matched: matched, view: this.view(),
      dimmed: function (i) {
        return (focus >= 0 && !near[i]) || (matched !== null && !matched[i]);
      }
    };
  };

  Graph.prototype.drawEdges = function (state, colors) {
    var ctx = this.context;
    var v = state.view;
    ctx.lineWidth = 1 / this.scale;
    ctx.strokeStyle = colors.faint;
    ctx.beginPath();
    for (var k = 0; k < this.edges.length; k++) {
      var a = this.nodes[this.edges[k][0]], b = this.nodes[this.edges[k][1]];
      if (!this.shown(a) || !this.shown(b)) continue;
      if ((a.x < v.left && b.x < v.left) || (a.x > v.right && b.x > v.right) ||
          (a.y < v.top && b.y < v.top) || (a.y > v.bottom && b.y > v.bottom)) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.stroke();
  };

  Graph.prototype.drawFocus = function (state, colors) {
    if (state.focus < 0) return;
    var ctx = this.context;
    var self = this;
    var centre = this.nodes[state.focus];
    ctx.strokeStyle = colors.accent;
    ctx.lineWidth = 2 / this.scale;
    ctx.beginPath();
    this.neighbours[state.focus].forEach(function (j) {
      if (!self.shown(self.nodes[j])) return;
      ctx.moveTo(centre.x, centre.y);
      ctx.lineTo(self.nodes[j].x, self.nodes[j].y);
    });
    ctx.stroke();
  };

  /* Nodes batched by colour, one path each; a node under three pixels across is a square. */
  Graph.prototype.drawNodes = function (state, colors) {
    var ctx = this.context;
    var v = state.view;
    var scale = this.scale;
    var minSide = 1 / scale;
    var batches = {};
    var i, n;
    for (i = 0; i < this.nodes.length; i++) {
      n = this.nodes[i];
      if (!this.shown(n) || n.x < v.left || n.x > v.right || n.y < v.top || n.y > v.bottom) continue;
      var key = (state.dimmed(i) ? "d" : "") + n.color;
      (batches[key] = batches[key] || []).push(n);
    }
    Object.keys(batches).forEach(function (key) {
      ctx.globalAlpha = key.charAt(0) === "d" ? 0.2 : 1;
      ctx.fillStyle = key.charAt(0) === "d" ? key.slice(1) : key;
      ctx.beginPath();
      batches[key].forEach(function (node) {
        if (node.r * scale < 1.5) {
          var side = Math.max(2 * node.r, minSide);
          ctx.rect(node.x - side / 2, node.y - side / 2, side, side);
        } else {
          ctx.moveTo(node.x + node.r, node.y);
          ctx.arc(node.x, node.y, node.r, 0, Math.PI * 2);
        }
      });
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colors.accent;
    ctx.lineWidth = 2.5 / scale;
    for (i = 0; i < this.nodes.length; i++) {
      n = this.nodes[i];
      var ring = n.data.id === this.centre || (state.matched && state.matched[i]) ||
        i === state.focus;
      if (!ring || !this.shown(n)) continue;
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.r + 3 / scale, 0, Math.PI * 2);
      ctx.stroke();
    }
  };

  /* Labels in screen space, only where they can be read: hubs, the hovered node's
   * neighbourhood, matches, or every node once zoomed in (or on a small graph, such as a page's
   * neighbourhood: the page and its direct neighbours). They never overlap: placed in order of
   * importance (the page the graph is about, the hovered node and its neighbours, matches, then
   * by degree), a label that would cover one already placed is left out (hovering its node
   * shows it, and its name is the node's tooltip). */
  Graph.prototype.drawLabels = function (state, colors) {
    var ctx = this.context;
    var many = this.nodes.length > 60;
    var self = this;
    var wanted = [];
    for (var i = 0; i < this.nodes.length; i++) {
      var n = this.nodes[i];
      var hub = n.degree >= this.hubDegree && n.degree > 2;
      var show = !many || this.scale > 1.6 || hub || i === state.focus || state.near[i] ||
        (state.matched && state.matched[i]);
      if (!show || !this.shown(n) || (state.dimmed(i) && !this.local)) continue;
      var x = n.x * this.scale + this.offsetX, y = n.y * this.scale + this.offsetY;
      if (x < -50 || y < -20 || x > this.width + 50 || y > this.height + 20) continue;
      wanted.push({ n: n, x: x, y: y + n.r * this.scale + 3, rank: this.labelRank(n, state) });
    }
    wanted.sort(function (a, b) { return b.rank - a.rank || b.n.degree - a.n.degree; });
    var placed = new LabelSpace(LABEL_HEIGHT * 2);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = colors.fg;
    wanted.forEach(function (label) {
      var half = ctx.measureText(label.n.data.label).width / 2 + LABEL_GAP;
      var box = { left: label.x - half, right: label.x + half,
                  top: label.y - LABEL_GAP, bottom: label.y + LABEL_HEIGHT + LABEL_GAP };
      if (!placed.add(box)) return;
      ctx.globalAlpha = state.dimmed(label.n.i) && self.local ? 0.35 : 1;
      ctx.fillText(label.n.data.label, label.x, label.y);
    });
    ctx.globalAlpha = 1;
  };

  Graph.prototype.labelRank = function (n, state) {
    if (n.data.id === this.centre) return 4;
    if (n.i === state.focus) return 3;
    if (state.near[n.i]) return 2;
    return state.matched && state.matched[n.i] ? 1 : 0;
  };

  /* The screen boxes of the labels drawn so far, in a grid of cells for quick look-ups. */
  function LabelSpace(cell) {
    this.cell = cell;
    this.cells = {};
  }

  LabelSpace.prototype.keys = function (box) {
    var keys = [];
    for (var cx = Math.floor(box.left / this.cell); cx <= Math.floor(box.right / this.cell); cx++)
      for (var cy = Math.floor(box.top / this.cell); cy <= Math.floor(box.bottom / this.cell); cy++)
        keys.push(cx + ":" + cy);
    return keys;
  };

  /* Takes the box and answers true, unless it overlaps one taken before. */
  LabelSpace.prototype.add = function (box) {
    var keys = this.keys(box);
    for (var k = 0; k < keys.length; k++) {
      var near = this.cells[keys[k]] || [];
      for (var j = 0; j < near.length; j++) {
        var other = near[j];
        if (box.left < other.right && other.left < box.right &&
            box.top < other.bottom && other.top < box.bottom) return false;
      }
    }
    for (var m = 0; m < keys.length; m++) (this.cells[keys[m]] = this.cells[keys[m]] || []).push(box);
    return true;
  };

  Graph.prototype.report = function () {
    var average = this.frames ? this.frameMs / this.frames : 0;
    var self = this;
    var shown = this.nodes.filter(function (n) { return self.shown(n); }).length;
    this.container.setAttribute("data-garden-layout-ms", this.layoutMs.toFixed(1));
    this.container.setAttribute("data-garden-layout-ticks", String(this.ticks || 0));
    this.container.setAttribute("data-garden-frame-ms", average.toFixed(2));
    if (this.status) {
      this.status.textContent = shown === this.nodes.length
        ? this.nodes.length + " nodes, " + this.edges.length + " links"
        : shown + " of " + this.nodes.length + " nodes shown";
    }
  };

  Graph.prototype.highlight = function (query) {
    query = query.trim().toLowerCase();
    this.matches = query ? [] : null;
    if (query) {
      var matches = this.matches;
      this.nodes.forEach(function (n) {
        if (n.data.label.toLowerCase().indexOf(query) >= 0 ||
            (n.data.tags || []).indexOf(query) >= 0) matches.push(n.i);
      });
    }
    this.container.setAttribute("data-garden-matches", this.matches ? String(this.matches.length) : "");
    if (this.status) {
      this.status.textContent = this.matches
        ? this.matches.length + " of " + this.nodes.length + " highlighted"
        : this.nodes.length + " nodes, " + this.edges.length + " links";
    }
    this.draw();
  };

  Graph.prototype.focusOn = function (i) {
    var n = this.nodes[i];
    this.userMoved = true;
    this.scale = Math.max(this.scale, 2);
    this.offsetX = this.width / 2 - n.x * this.scale;
    this.offsetY = this.height / 2 - n.y * this.scale;
    this.hover = i;
    this.draw();
  };

  /* Pan or zoom from a reader's gesture: drawn on the next frame, links of a large map left out
   * until the view rests. */
  Graph.prototype.panBy = function (dx, dy) {
    this.offsetX += dx;
    this.offsetY += dy;
    this.moved();
  };

  Graph.prototype.zoomAt = function (x, y, factor) {
    var scale = Math.min(Math.max(this.scale * factor, 0.02), 12);
    this.offsetX = x - (x - this.offsetX) * scale / this.scale;
    this.offsetY = y - (y - this.offsetY) * scale / this.scale;
    this.scale = scale;
    this.moved();
  };

  Graph.prototype.moved = function () {
    var self = this;
    this.userMoved = true;
    this.moving = true;
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(function () { self.moving = false; self.draw(); }, REST_MS);
    if (this.pending) return;
    this.pending = requestAnimationFrame(function () { self.pending = 0; self.draw(); });
  };

  /* Open a node's page through a real link, so Material's instant navigation handles it. */
  Graph.prototype.open = function (i) {
    this.link.href = new URL(this.nodes[i].data.url, SITE_ROOT).href;
    this.link.click();
  };

  Graph.prototype.listen = function () {
    var self = this;
    var canvas = this.canvas;
    var drag = null;
    var position = function (event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    canvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = position(event);
      self.zoomAt(p.x, p.y, Math.exp(-event.deltaY * 0.0015));
    }, { passive: false });
    canvas.addEventListener("pointerdown", function (event) {
      var p = position(event);
      drag = { x: p.x, y: p.y, lastX: p.x, lastY: p.y, moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", function (event) {
      var p = position(event);
      if (drag) {
        if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 4) drag.moved = true;
        if (drag.moved) {
          self.panBy(p.x - drag.lastX, p.y - drag.lastY);
          drag.lastX = p.x;
          drag.lastY = p.y;
          return;
        }
      }
      var hit = self.nodeAt(p.x, p.y);
      if (hit !== self.hover) {
        self.hover = hit;
        canvas.style.cursor = hit >= 0 ? "pointer" : "grab";
        canvas.title = hit >= 0 ? self.nodes[hit].data.label : "";
        self.draw();
      }
    });
    canvas.addEventListener("pointerup", function (event) {
      var p = position(event);
      var wasDrag = drag && drag.moved;
      drag = null;
      if (wasDrag) return;
      var hit = self.nodeAt(p.x, p.y);
      if (hit >= 0) self.open(hit);
    });
    canvas.addEventListener("pointerleave", function () {
      if (self.hover >= 0 && !drag) { self.hover = -1; self.draw(); }
    });
    canvas.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && self.hover >= 0) self.open(self.hover);
    });
  };

  Graph.prototype.destroy = function () {
    if (this.job) stopLayout(this.job);
    this.job = null;
    clearTimeout(this.restTimer);
    if (this.observer) this.observer.disconnect();
  };

  function mount(container) {
    if (container.getAttribute("data-garden-mounted")) return;
    container.setAttribute("data-garden-mounted", "true");
    var url = container.getAttribute("data-garden-src");
    var centre = container.getAttribute("data-garden-node");
    var near = centre && container.getAttribute("data-garden-neighbourhood");
    var source = near ? new URL(near, SITE_ROOT).href
      : url ? new URL(url, location.href).href : DEFAULT_DATA;
    load(source).then(function (data) {
      if (!container.isConnected) return;
      var graph = new Graph(container, data, centre);
      var aside = container.closest(".garden-local");
      if (centre && graph.nodes.length < 2 && aside) aside.hidden = true;
    }).catch(function (error) {
      container.setAttribute("data-garden-error", String(error));
      container.textContent = "The graph could not be loaded.";
    });
  }

  /* A page's neighbourhood graph sits below its text: it is fetched and laid out when it comes
   * near the view, so a page's first seconds go to its text (laid out at load, it was most of
   * the page's blocking time on a phone's CPU). The full map is the page: it mounts at once. */
  var nearView = typeof IntersectionObserver === "function"
    ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        nearView.unobserve(entry.target);
        mount(entry.target);
      });
    }, { rootMargin: "200px" })
    : null;

  function init() {
    document.querySelectorAll("[data-garden-graph]").forEach(function (container) {
      if (nearView && container.getAttribute("data-garden-graph") === "local") {
        nearView.observe(container);
      } else {
        mount(container);
      }
    });
  }

  /* Every page Material's instant navigation brings in mounts its graphs, whether or not it
   * runs this script again (mounting twice is harmless: a container is mounted once). */
  function start() {
    init();
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    }
  }

  window.gardenGraph = { init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
