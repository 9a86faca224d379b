// The LIS choropleth (lis/map.html). Without JavaScript the page is a form and a
// table; with it, this draws the areas with Leaflet's canvas renderer (one canvas
// however many areas: all 34,753 LSOAs of England and Wales stay fast), colours
// them from /lis/map/data.json, and redraws in place when the form changes.
// Hover, or keyboard focus on a row of the table, shows the area's name, value and
// confidence interval; clicking an area opens its profile.
(function () {
  "use strict";
  var el = document.getElementById("lis-map");
  var form = document.getElementById("map-form");
  if (!el || !form || !window.L) return;

  var COLOURS = {
    better: "#92d050", similar: "#ffc000", worse: "#c00000", "not-compared": "#ffffff",
    q1: "#deebf7", q2: "#9ecae1", q3: "#6baed6", q4: "#3182bd", q5: "#08519c",
    suppressed: "#b1b4b6", "no-data": "#f3f2f1"
  };
  var info = document.getElementById("lis-map-info");
  var map = L.map(el, { preferCanvas: true, attributionControl: false, zoomSnap: 0.25 });
  var renderer = L.canvas({ padding: 0.2 });
  var layer = null;
  var byCode = {};
  var areas = {};
  var labels = {};
  var profileUrl = "";
  var shownKey = null;
  var highlighted = null;

  function field(name) { return form.elements.namedItem(name); }
  function choice() {
    return {
      indicator: field("indicator").value,
      area_type: field("area_type").value,
      within: field("within").value,
      period: field("period").value
    };
  }
  function query(values) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (k) { if (values[k] !== "") params.set(k, values[k]); });
    return params.toString();
  }
  function zoomFor(within) {
    var option = field("within").selectedOptions[0];
    return within ? (option && option.dataset.zoom) || el.dataset.zoom : "7";
  }
  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + " answered " + r.status);
      return r.json();
    });
  }
  function styleOf(feature) {
    var area = areas[feature.id];
    var key = area ? area["class"] : "no-data";
    return { renderer: renderer, fillColor: COLOURS[key] || COLOURS["no-data"], fillOpacity: 0.8,
             color: "#505a5f", weight: 0.5 };
  }
  function describe(code) {
    var area = areas[code];
    var feature = byCode[code] && byCode[code].feature;
    var name = area ? area.name : feature ? feature.properties.name : code;
    return name + ": " + (area ? area.text + " (" + labels[area["class"]] + ")" : "no published figure");
  }
  function highlight(code) {
    if (highlighted && byCode[highlighted]) layer.resetStyle(byCode[highlighted]);
    highlighted = code;
    if (code && byCode[code]) {
      byCode[code].setStyle({ weight: 3, color: "#0b0c0c" });
      byCode[code].bringToFront();
    }
    info.textContent = code ? describe(code) : "";
  }
  function onEach(feature, shape) {
    byCode[feature.id] = shape;
    shape.on("mouseover", function () { highlight(feature.id); });
    shape.on("mouseout", function () { highlight(null); });
    shape.on("click", function () {
      var area = areas[feature.id];
      window.location.assign(urlOf(feature.id));
    });
  }
  function urlOf(code) {
    return profileUrl ? profileUrl.replace(/\{code\}|%7Bcode%7D/, encodeURIComponent(code))
      : el.dataset.profileBase + code + "/";
  }
  function drawBoundaries(geojson) {
    if (layer) map.removeLayer(layer);
    byCode = {};
    layer = L.geoJSON(geojson, { style: styleOf, onEachFeature: onEach });
    layer.addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds);
  }
  function recolour() { if (layer) layer.setStyle(styleOf); }

  function cell(text) {
    var td = document.createElement("td");
    td.className = "govuk-table__cell";
    if (text !== undefined) td.textContent = text;
    return td;
  }
  function swatch(key) {
    var span = document.createElement("span");
    span.className = "lis-swatch lis-class-" + key;
    span.setAttribute("aria-hidden", "true");
    return span;
  }
  function renderTable(data) {
    var body = document.getElementById("map-rows");
    body.replaceChildren();
    var all = Object.keys(data.areas);
    var limit = parseInt(document.getElementById("map-table").dataset.rows, 10) || all.length;
    var codes = all.slice(0, limit);
    var note = document.getElementById("map-table-note");
    note.hidden = all.length <= limit;
    note.textContent = "The table lists the first " + limit.toLocaleString("en-GB") + " of " +
      all.length.toLocaleString("en-GB") + " areas, in order of their code; choose an area in " +
      "\u201cInside\u201d to list them all.";
    if (!codes.length) {
      var tr = document.createElement("tr");
      tr.className = "govuk-table__row";
      var td = cell("No published figures for these areas and this period.");
      td.colSpan = 3;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    codes.forEach(function (code) {
      var area = data.areas[code];
      var tr = document.createElement("tr");
      tr.className = "govuk-table__row";
      tr.dataset.area = code;
      var first = cell();
      var link = document.createElement("a");
      link.className = "govuk-link";
      link.href = urlOf(code);
      link.textContent = area.name;
      first.appendChild(link);
      var last = cell();
      last.appendChild(swatch(area["class"]));
      last.appendChild(document.createTextNode(" " + labels[area["class"]]));
      tr.append(first, cell(area.text), last);
      body.appendChild(tr);
    });
    var legend = document.getElementById("map-legend");
    legend.replaceChildren();
    data.legend.forEach(function (entry) {
      var li = document.createElement("li");
      li.appendChild(swatch(entry.key));
      li.appendChild(document.createTextNode(" " + entry.label + " (" + entry.areas + ")"));
      legend.appendChild(li);
    });
    var caption = document.querySelector("#map-table caption");
    caption.textContent = data.indicator.name + ", " + data.period;
    var header = document.querySelector("#map-table thead th:last-child");
    header.textContent = data.method === "quintiles" ? "Quintile"
      : "Compared with " + (data.benchmark ? data.benchmark.area_name : "the benchmark");
    var summary = document.getElementById("map-summary");
    summary.textContent = data.method === "quintiles"
      ? "Areas are coloured by quintile: this indicator has no judgement of better or worse."
      : data.benchmark
        ? "Areas are compared with " + data.benchmark.area_name + " (" + data.benchmark.text + ") at 95% confidence."
        : "No benchmark figure is published for this period, so areas are not compared.";
    var heading = document.querySelector("h1");
    heading.textContent = "Map: " + data.indicator.name;
  }
  function renderPeriods(data) {
    var select = field("period");
    select.replaceChildren();
    data.periods.forEach(function (label) {
      var option = document.createElement("option");
      option.value = label;
      option.textContent = label;
      option.selected = label === data.period;
      select.appendChild(option);
    });
  }

  function update(changed) {
    var values = choice();
    if (changed === "indicator") values.period = "";
    var boundaryKey = values.area_type + "|" + values.within;
    var base = el.dataset.boundariesBase + encodeURIComponent(values.area_type) + ".json?";
    var wanted = [fetchJson(el.dataset.dataUrl + "?" + query(values))];
    if (boundaryKey !== shownKey) {
      wanted.push(fetchJson(base + query({ within: values.within, zoom: zoomFor(values.within) })));
    }
    el.dataset.state = "loading";
    return Promise.all(wanted).then(function (answers) {
      var data = answers[0];
      areas = data.areas;
      labels = data.labels;
      profileUrl = data.profile_url;
      if (answers[1]) {
        drawBoundaries(answers[1]);
        shownKey = boundaryKey;
      } else {
        recolour();
      }
      renderPeriods(data);
      renderTable(data);
      var address = window.location.pathname + "?" + query(choice());
      window.history.replaceState(null, "", address);
      if (el.dataset.found) highlight(el.dataset.found);
      window.requestAnimationFrame(function () {
        el.dataset.state = "drawn";
        el.dataset.indicator = data.indicator.code;
        if (window.performance && performance.mark) performance.mark("lis-map-drawn");
      });
    }).catch(function (error) {
      el.dataset.state = "failed";
      info.textContent = "The map could not be drawn: " + error.message + ". The table has the figures.";
    });
  }

  ["indicator", "area_type", "within", "period"].forEach(function (name) {
    field(name).addEventListener("change", function () {
      el.dataset.found = "";
      update(name);
    });
  });
  var rows = document.getElementById("map-rows");
  rows.addEventListener("focusin", function (event) {
    var row = event.target.closest("tr[data-area]");
    if (row) highlight(row.dataset.area);
  });
  rows.addEventListener("focusout", function () { highlight(null); });
  update("");
})();
