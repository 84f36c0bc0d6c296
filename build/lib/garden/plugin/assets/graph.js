/*
 * The garden's graph: pages and glossary terms as nodes, links as edges, sections as colours.
 *
 * Hand-written canvas drawing, no library: a force layout with a bounded number of iterations
 * (repulsion only between nearby nodes, found through a grid, so one iteration is linear in
 * the number of nodes), wheel zoom, drag to pan, click a node to open its page, a search box
 * that highlights matches. Every element with `data-garden-graph="full"` gets the whole map;
 * `data-garden-graph="local"` with `data-garden-node="<page src>"` gets that page's
 * neighbourhood. The data is assets/graph.json, emitted at build time (hooks/graph.py), or the
 * URL in `data-garden-src`. Re-initialised on every page of Material's instant navigation.
 */
(function () {
  "use strict";

  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var SITE_ROOT = new URL("../../", SCRIPT_URL);
  var DEFAULT_DATA = new URL("assets/graph.json", SITE_ROOT).href;
  var PALETTE = ["#2e7d32", "#1565c0", "#c62828", "#6a1b9a", "#ef6c00", "#00838f",
    "#ad1457", "#4e342e", "#558b2f", "#283593", "#9e9d24", "#00695c"];
  var TERM_COLOR = "#8d6e63";
  var MAX_ITERATIONS = 300;
  var FRAME_BUDGET_MS = 10;
  var IDEAL_EDGE = 48;
  var REPULSION_RADIUS = 110;
  var cache = {};

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return cache[url];
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
      return { data: n, x: 0, y: 0, vx: 0, vy: 0, degree: 0, i: i };
    });
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
      n.color = n.data.kind === "term" ? TERM_COLOR : PALETTE[groups.indexOf(n.data.group) % PALETTE.length];
    });
    var degrees = this.nodes.map(function (n) { return n.degree; }).sort(function (a, b) { return b - a; });
    this.hubDegree = degrees[Math.min(11, degrees.length - 1)] || 0;  // about a dozen labelled hubs
    this.scale = 1;
    this.offsetX = 0;
    this.offsetY = 0;
    this.iteration = 0;
    this.hover = -1;
    this.matches = null;
    this.layoutMs = 0;
    this.frames = 0;
    this.frameMs = 0;
    this.build();
    this.seed();
    this.step();
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
      var legend = document.createElement("ul");
      legend.className = "garden-graph__legend";
      var hasTerms = this.nodes.some(function (n) { return n.data.kind === "term"; });
      this.groups.concat(hasTerms ? ["glossary"] : []).forEach(function (group, i) {
        var item = document.createElement("li");
        var swatch = document.createElement("span");
        swatch.style.background = group === "glossary" ? TERM_COLOR : PALETTE[i % PALETTE.length];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(group));
        legend.appendChild(item);
      });
      container.appendChild(legend);
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

  Graph.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(rect.width, 1);
    this.height = Math.max(rect.height, 1);
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.ratio = ratio;
  };

  /* Start positions: each section on its own arc of a spiral, the centre node in the middle. */
  Graph.prototype.seed = function () {
    var self = this;
    var golden = Math.PI * (3 - Math.sqrt(5));
    var spread = Math.sqrt(this.nodes.length) * 18 + 30;
    this.nodes.forEach(function (n, i) {
      var group = self.groups.indexOf(n.data.group);
      var base = group < 0 ? 0 : (group / Math.max(self.groups.length, 1)) * Math.PI * 2;
      var radius = spread * Math.sqrt((i + 0.5) / self.nodes.length);
      n.x = Math.cos(base + i * golden * 0.15) * radius + Math.cos(i * golden) * 10;
      n.y = Math.sin(base + i * golden * 0.15) * radius + Math.sin(i * golden) * 10;
      if (n.data.id === self.centre) { n.x = 0; n.y = 0; }
    });
  };

  /* One iteration of the force layout; cooling makes it settle within MAX_ITERATIONS. */
  Graph.prototype.tick = function () {
    var nodes = this.nodes;
    var alpha = 1 - this.iteration / MAX_ITERATIONS;
    var cell = REPULSION_RADIUS;
    var grid = new Map();
    var i, n;
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      var key = Math.floor(n.x / cell) + "," + Math.floor(n.y / cell);
      var bucket = grid.get(key);
      if (bucket) bucket.push(i); else grid.set(key, [i]);
    }
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      var cx = Math.floor(n.x / cell), cy = Math.floor(n.y / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var others = grid.get((cx + dx) + "," + (cy + dy));
          if (!others) continue;
          for (var k = 0; k < others.length; k++) {
            var j = others[k];
            if (j <= i) continue;
            var m = nodes[j];
            var ox = n.x - m.x, oy = n.y - m.y;
            var d2 = ox * ox + oy * oy;
            if (d2 === 0) { ox = (i % 7) - 3 + 0.1; oy = (j % 5) - 2 + 0.1; d2 = ox * ox + oy * oy; }
            if (d2 > cell * cell) continue;
            var d = Math.sqrt(d2);
            var force = 900 * (1 - d / cell) / d;
            n.vx += ox * force / d; n.vy += oy * force / d;
            m.vx -= ox * force / d; m.vy -= oy * force / d;
          }
        }
      }
    }
    for (i = 0; i < this.edges.length; i++) {
      var a = nodes[this.edges[i][0]], b = nodes[this.edges[i][1]];
      var ex = b.x - a.x, ey = b.y - a.y;
      var len = Math.sqrt(ex * ex + ey * ey) || 1;
      var pull = (len - IDEAL_EDGE) * 0.04 / len;
      a.vx += ex * pull; a.vy += ey * pull;
      b.vx -= ex * pull; b.vy -= ey * pull;
    }
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      n.vx -= n.x * 0.01;
      n.vy -= n.y * 0.01;
      var speed = Math.sqrt(n.vx * n.vx + n.vy * n.vy);
      var limit = 12 * alpha + 0.5;
      if (speed > limit) { n.vx *= limit / speed; n.vy *= limit / speed; }
      if (n.data.id === this.centre) { n.vx = 0; n.vy = 0; n.x = 0; n.y = 0; }
      n.x += n.vx * alpha;
      n.y += n.vy * alpha;
      n.vx *= 0.6;
      n.vy *= 0.6;
    }
    this.iteration++;
  };

  /* Run layout iterations within a frame budget, draw, and continue on the next frame. */
  Graph.prototype.step = function () {
    var self = this;
    if (!this.canvas.isConnected && this.iteration > 0) return this.destroy();
    var start = performance.now();
    while (this.iteration < MAX_ITERATIONS && performance.now() - start < FRAME_BUDGET_MS) {
      this.tick();
    }
    this.layoutMs += performance.now() - start;
    if (this.iteration >= MAX_ITERATIONS || this.iteration % 20 < 3) this.fit();
    this.draw();
    if (this.iteration < MAX_ITERATIONS) {
      requestAnimationFrame(function () { self.step(); });
    } else {
      this.fit();
      this.draw();
      this.container.setAttribute("data-garden-ready", "true");
      this.report();
    }
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
      var p = this.toScreen(this.nodes[i]);
      var d = (p.x - sx) * (p.x - sx) + (p.y - sy) * (p.y - sy);
      var reach = Math.max(this.nodes[i].r * this.scale, 6) + 3;
      if (d < reach * reach && d < bestD) { best = i; bestD = d; }
    }
    return best;
  };

  Graph.prototype.draw = function () {
    var start = performance.now();
    var ctx = this.context;
    var self = this;
    var style = getComputedStyle(this.container);
    var fg = style.getPropertyValue("--md-default-fg-color").trim() || style.color;
    var faint = style.getPropertyValue("--md-default-fg-color--lighter").trim() || "rgba(0,0,0,.3)";
    var accent = style.getPropertyValue("--md-accent-fg-color").trim() || "#009688";
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
    var dimmed = function (i) {
      return (focus >= 0 && !near[i]) || (matched !== null && !matched[i]);
    };
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.setTransform(this.ratio * this.scale, 0, 0, this.ratio * this.scale,
      this.ratio * this.offsetX, this.ratio * this.offsetY);
    ctx.lineWidth = 1 / this.scale;
    ctx.strokeStyle = faint;
    ctx.beginPath();
    this.edges.forEach(function (e) {
      var a = self.nodes[e[0]], b = self.nodes[e[1]];
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    });
    ctx.stroke();
    if (focus >= 0) {
      ctx.strokeStyle = accent;
      ctx.lineWidth = 2 / this.scale;
      ctx.beginPath();
      this.neighbours[focus].forEach(function (j) {
        ctx.moveTo(self.nodes[focus].x, self.nodes[focus].y);
        ctx.lineTo(self.nodes[j].x, self.nodes[j].y);
      });
      ctx.stroke();
    }
    /* Nodes batched by colour: one path per colour keeps 1,000 nodes cheap. */
    var batches = {};
    this.nodes.forEach(function (n) {
      var key = (dimmed(n.i) ? "d" : "") + n.color;
      (batches[key] = batches[key] || []).push(n);
    });
    Object.keys(batches).forEach(function (key) {
      ctx.globalAlpha = key.charAt(0) === "d" ? 0.2 : 1;
      ctx.fillStyle = key.charAt(0) === "d" ? key.slice(1) : key;
      ctx.beginPath();
      batches[key].forEach(function (n) {
        ctx.moveTo(n.x + n.r, n.y);
        ctx.arc(n.x, n.y, n.r, 0, Math.PI * 2);
      });
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    this.nodes.forEach(function (n) {
      var ring = n.data.id === self.centre || (matched && matched[n.i]) || n.i === focus;
      if (!ring) return;
      ctx.strokeStyle = accent;
      ctx.lineWidth = 2.5 / self.scale;
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.r + 3 / self.scale, 0, Math.PI * 2);
      ctx.stroke();
    });
    /* Labels in screen space, only where they can be read. */
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.font = "12px " + (style.fontFamily || "sans-serif");
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var many = this.nodes.length > 60;
    this.nodes.forEach(function (n) {
      var hub = n.degree >= self.hubDegree && n.degree > 2;
      var show = !many || self.scale > 1.6 || hub || n.i === focus || near[n.i] ||
        (matched && matched[n.i]);
      if (!show || (dimmed(n.i) && !self.local)) return;
      var p = self.toScreen(n);
      if (p.x < -50 || p.y < -20 || p.x > self.width + 50 || p.y > self.height + 20) return;
      ctx.globalAlpha = dimmed(n.i) ? 0.35 : 1;
      ctx.fillStyle = fg;
      ctx.fillText(n.data.label, p.x, p.y + n.r * self.scale + 3);
    });
    ctx.globalAlpha = 1;
    this.frames++;
    this.frameMs += performance.now() - start;
  };

  Graph.prototype.report = function () {
    var average = this.frames ? this.frameMs / this.frames : 0;
    this.container.setAttribute("data-garden-layout-ms", this.layoutMs.toFixed(1));
    this.container.setAttribute("data-garden-frame-ms", average.toFixed(2));
    if (this.status) {
      this.status.textContent = this.nodes.length + " nodes, " + this.edges.length + " links";
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
      var factor = Math.exp(-event.deltaY * 0.0015);
      var scale = Math.min(Math.max(self.scale * factor, 0.05), 12);
      self.offsetX = p.x - (p.x - self.offsetX) * scale / self.scale;
      self.offsetY = p.y - (p.y - self.offsetY) * scale / self.scale;
      self.scale = scale;
      self.userMoved = true;
      self.draw();
    }, { passive: false });
    canvas.addEventListener("pointerdown", function (event) {
      var p = position(event);
      drag = { x: p.x, y: p.y, offsetX: self.offsetX, offsetY: self.offsetY, moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", function (event) {
      var p = position(event);
      if (drag) {
        if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 4) drag.moved = true;
        if (drag.moved) {
          self.offsetX = drag.offsetX + p.x - drag.x;
          self.offsetY = drag.offsetY + p.y - drag.y;
          self.userMoved = true;
          self.draw();
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
    if (this.observer) this.observer.disconnect();
  };

  function mount(container) {
    if (container.getAttribute("data-garden-mounted")) return;
    container.setAttribute("data-garden-mounted", "true");
    var url = container.getAttribute("data-garden-src");
    var source = url ? new URL(url, location.href).href : DEFAULT_DATA;
    var centre = container.getAttribute("data-garden-node");
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

  function init() {
    document.querySelectorAll("[data-garden-graph]").forEach(mount);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
