/*
 * The garden graph's layout: d3-force (Barnes–Hut many-body, links, centring).
 *
 * graph.js starts it as a worker, which lays out off the main thread a graph whose data comes
 * without positions (the site's own map and neighbourhoods have them, computed at build time),
 * so the page never freezes however large the graph.
 *
 * A job is {id, count, links: Uint32Array of index pairs, groups: Int16Array (a node's section,
 * -1 for glossary terms), groupCount, centre: index or -1}. The worker answers
 * {id, positions: Float32Array of x,y pairs, ticks, done} a few times per second while the layout
 * cools, and once more when it has settled; {cancel: id} drops a job whose graph left the page.
 * Larger graphs cool in fewer ticks (TICK_BUDGET), so the whole map settles in bounded time.
 */
/* global d3, importScripts */
importScripts("vendor/d3-force.js");

(function (scope) {
  "use strict";

  var MAX_TICKS = 300;            // d3-force's own default cooling
  var MIN_TICKS = 50;
  var TICK_BUDGET = 150000;       // node-ticks: 300 ticks up to 500 nodes, 50 from 3,000 on
  var SLICE_MS = 40;              // work between two looks at the message queue
  var REPORT_MS = 250;            // positions sent while cooling, at most this often
  var LINK_DISTANCE = 40;
  var CHARGE = -45;
  var THETA = 1.2;               // Barnes–Hut accuracy: d3's 0.9 takes nearly twice as long
  var jobs = {};

  /* Ticks a graph of `count` nodes gets: fewer as it grows, so layout time stays bounded. */
  function tickCount(count) {
    return Math.max(MIN_TICKS, Math.min(MAX_TICKS, Math.round(TICK_BUDGET / Math.max(count, 1))));
  }

  /* Start positions: sections on their own sectors of a disc, each node placed next to the
   * first already placed neighbour (breadth first), so the forces mostly refine. */
  function seed(job) {
    var count = job.count, groups = job.groups, links = job.links;
    var adjacency = [];
    var i;
    for (i = 0; i < count; i++) adjacency.push([]);
    for (i = 0; i < links.length; i += 2) {
      adjacency[links[i]].push(links[i + 1]);
      adjacency[links[i + 1]].push(links[i]);
    }
    var spread = Math.sqrt(count) * 22 + 30;
    var golden = Math.PI * (3 - Math.sqrt(5));
    var nodes = new Array(count);
    var placed = new Uint8Array(count);
    var order = [];
    for (i = 0; i < count; i++) order.push(i);
    order.sort(function (a, b) { return adjacency[b].length - adjacency[a].length; });
    var queue = [];
    var sectors = Math.max(job.groupCount, 1);
    var hubs = 0;
    order.forEach(function (start) {
      if (placed[start]) return;
      var group = groups[start] < 0 ? sectors : groups[start];
      var angle = (group / (sectors + 1)) * Math.PI * 2 + hubs * golden * 0.07;
      var radius = spread * Math.sqrt((hubs % 97 + 0.5) / 97) * 0.8;
      hubs++;
      nodes[start] = { x: Math.cos(angle) * radius, y: Math.sin(angle) * radius };
      placed[start] = 1;
      queue.push(start);
      for (var head = queue.length - 1; head < queue.length; head++) {
        var parent = queue[head];
        var around = adjacency[parent];
        for (var k = 0; k < around.length; k++) {
          var child = around[k];
          if (placed[child]) continue;
          var turn = (child * golden) % (Math.PI * 2);
          var reach = LINK_DISTANCE * (0.6 + ((child * 7919) % 13) / 26);
          nodes[child] = { x: nodes[parent].x + Math.cos(turn) * reach,
            y: nodes[parent].y + Math.sin(turn) * reach };
          placed[child] = 1;
          queue.push(child);
        }
      }
    });
    if (job.centre >= 0) {
      nodes[job.centre].fx = 0;
      nodes[job.centre].fy = 0;
    }
    return nodes;
  }

  function simulation(job) {
    var nodes = seed(job);
    var links = [];
    for (var i = 0; i < job.links.length; i += 2) {
      links.push({ source: job.links[i], target: job.links[i + 1] });
    }
    var ticks = tickCount(job.count);
    return d3.forceSimulation(nodes)
      .stop()
      .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
      .force("charge", d3.forceManyBody().strength(CHARGE).theta(THETA))
      .force("link", d3.forceLink(links).distance(LINK_DISTANCE))
      .force("x", d3.forceX().strength(0.04))
      .force("y", d3.forceY().strength(0.04));
  }

  function positions(nodes) {
    var out = new Float32Array(nodes.length * 2);
    for (var i = 0; i < nodes.length; i++) {
      out[2 * i] = nodes[i].x;
      out[2 * i + 1] = nodes[i].y;
    }
    return out;
  }

  /* Run every open job for a slice of time, report, and come back until all have settled. */
  function work() {
    var ids = Object.keys(jobs);
    ids.forEach(function (id) {
      var job = jobs[id];
      var start = Date.now();
      var sim = job.simulation;
      while (sim.alpha() >= sim.alphaMin() && Date.now() - start < SLICE_MS / ids.length) {
        sim.tick();
        job.ticks++;
      }
      var done = sim.alpha() < sim.alphaMin();
      if (done || Date.now() - job.reported >= REPORT_MS) {
        var out = positions(sim.nodes());
        scope.postMessage({ id: job.id, positions: out, ticks: job.ticks, done: done }, [out.buffer]);
        job.reported = Date.now();
      }
      if (done) delete jobs[id];
    });
    if (Object.keys(jobs).length) setTimeout(work, 0);
  }

  scope.onmessage = function (event) {
    var message = event.data;
    if (message.cancel !== undefined) {
      delete jobs[message.cancel];
      return;
    }
    var idle = !Object.keys(jobs).length;
    jobs[message.id] = { id: message.id, simulation: simulation(message), ticks: 0, reported: 0 };
    if (idle) work();
  };
})(self);
