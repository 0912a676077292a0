// Progressive enhancement of the emission profile step: redraw the rolling-totals chart from the
// typed table as months are typed. A preview only: saving screens the profile on the server (the
// page works without this script). No framework, no inline script: the GWP factors in force come
// from a JSON data block (json_script).
(function () {
  "use strict";
  var svg = document.getElementById("profile-chart");
  var table = document.getElementById("typed-months");
  var data = document.getElementById("profile-chart-gwp");
  var preview = document.getElementById("profile-chart-preview");
  if (!svg || !table || !data) return;
  var periods = JSON.parse(data.textContent);
  var threshold = parseFloat(svg.dataset.threshold);
  var width = parseInt(svg.dataset.window, 10) || 12;
  var gases = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent.trim();
  }).slice(2);
  var NS = "http://www.w3.org/2000/svg";
  var W = 720, H = 300, LEFT = 80, TOP = 20, BOTTOM = 40;

  function factors(month) {
    for (var i = 0; i < periods.length; i++) {
      var p = periods[i];
      if ((!p.from || p.from <= month) && (!p.to || month <= p.to)) return p.factors;
    }
    return {};
  }

  function index(month) {
    return parseInt(month.slice(0, 4), 10) * 12 + parseInt(month.slice(5, 7), 10) - 1;
  }

  function label(i) {
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[i % 12] + " " + Math.floor(i / 12);
  }

  function monthlyTotals() {
    var totals = {};
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var month = (row.querySelector("input[data-month]").value || "").trim();
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return;
      var f = factors(month), total = 0;
      row.querySelectorAll("td.num input").forEach(function (cell, column) {
        var tonnes = parseFloat((cell.value || "").replace(/,/g, ""));
        if (tonnes > 0 && f[gases[column]]) total += tonnes * f[gases[column]];
      });
      totals[index(month)] = (totals[index(month)] || 0) + total;
    });
    return totals;
  }

  function el(name, attributes, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function draw() {
    var totals = monthlyTotals();
    var keys = Object.keys(totals).map(Number);
    var plot = svg.querySelector(".chart-plot");
    while (plot.firstChild) plot.removeChild(plot.firstChild);
    if (!keys.length) { preview.textContent = ""; return; }
    var first = Math.min.apply(null, keys), last = Math.max.apply(null, keys);
    var length = Math.max(last - first + 1, width), series = [];
    for (var i = 0; i < length; i++) series.push(totals[first + i] || 0);
    var rolling = [], running = 0;
    for (var end = 0; end < length; end++) {
      running += series[end] - (end >= width ? series[end - width] : 0);
      if (end >= width - 1) rolling.push([first + end, running]);
    }
    var peak = Math.max.apply(null, [threshold].concat(rolling.map(function (r) { return r[1]; })));
    var top = peak * 1.1 || 1, plotW = W - LEFT - 10, plotH = H - TOP - BOTTOM;
    var step = plotW / rolling.length;
    var y = function (v) { return TOP + plotH * (1 - v / top); };
    for (var k = 0; k < 5; k++) {
      var tickY = y(top * k / 4);
      plot.appendChild(el("line", {x1: LEFT, x2: W - 10, y1: tickY, y2: tickY, "class": "grid"}));
      plot.appendChild(el("text", {x: LEFT - 6, y: tickY, "class": "tick", "text-anchor": "end",
        "dominant-baseline": "middle"}, Math.round(top * k / 4).toLocaleString("en-AU")));
    }
    var largest = 0;
    rolling.forEach(function (r, n) {
      var over = r[1] > threshold;
      largest = Math.max(largest, r[1]);
      var bar = el("rect", {x: LEFT + n * step, y: y(r[1]), width: Math.max(step - 1, 1),
        height: TOP + plotH - y(r[1]), "class": over ? "bar-over" : "bar"});
      bar.appendChild(el("title", {}, width + " months to " + label(r[0]) + ": " +
        Math.round(r[1]).toLocaleString("en-AU") + " t CO2-e" + (over ? " (over the threshold)" : "")));
      plot.appendChild(bar);
    });
    plot.appendChild(el("line", {x1: LEFT, x2: W - 10, y1: y(threshold), y2: y(threshold), "class": "threshold"}));
    plot.appendChild(el("text", {x: LEFT, y: H - 8, "class": "tick"}, label(rolling[0][0])));
    plot.appendChild(el("text", {x: W - 10, y: H - 8, "class": "tick", "text-anchor": "end"},
      label(rolling[rolling.length - 1][0])));
    preview.textContent = "Preview of the typed months (not saved): the largest " + width + "-month total is " +
      Math.round(largest).toLocaleString("en-AU") + " tonnes CO2-e, " +
      (largest > threshold ? "more than" : "not more than") + " the threshold. Save to screen them.";
  }

  var timer = null;
  table.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(draw, 300);
  });
})();
