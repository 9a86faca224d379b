// The LIS choropleth (lis/map.html). Without JavaScript the page is a form and a
// table; with it, this draws the areas on a Leaflet map with a canvas layer of its
// own (all 34,753 LSOAs of England and Wales stay fast), colours them from
// /lis/map/data.json, and redraws in place when the form changes.
// Hover, keyboard focus on the map, or on a row of the table, shows the area's name,
// value and confidence interval; clicking an area opens its profile.
// Keyboard: the map is one tab stop (not one per area: an England map has 34,753);
// focused, it shows an area, the arrow keys move to the nearest area that way,
// Enter opens its profile, + and - zoom, Escape leaves the area.
(function () {
  "use strict";
  var el = document.getElementById("lis-map");
  var form = document.getElementById("map-form");
  if (!el || !form || !window.L) return;

  // On a phone the table of every area (a GOV.UK details, open as the page comes) is
  // folded under its summary, so the map, its key and the downloads are not below
  // 1,000 rows; a wider window, or a page without this script, keeps it open, and
  // widening the window opens it again. A map that cannot be drawn opens it too.
  var figures = document.getElementById("map-figures");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40.0525em)") : null;
  if (figures && narrow) {
    if (narrow.matches) figures.open = false;
    narrow.addEventListener("change", function (query) { if (!query.matches) figures.open = true; });
  }

  var COLOURS = {
    better: "#92d050", similar: "#ffc000", worse: "#c00000", "not-compared": "#dcdddd",
    q1: "#deebf7", q2: "#9ecae1", q3: "#6baed6", q4: "#3182bd", q5: "#08519c",
    suppressed: "#b1b4b6", "no-data": "#f3f2f1"
  };
  // "Not compared" is hatched, as map.css and choropleth.py draw it: grey lines
  // (#6f777b, 4.7:1) on white, rising to the right. Its flat colour above is how
  // the hatch looks from afar, for an area too small to show the lines.
  var HATCH = (function () {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 5;
    var c = tile.getContext("2d");
    c.fillStyle = "#ffffff";
    c.fillRect(0, 0, 5, 5);
    c.strokeStyle = "#6f777b";
    c.lineWidth = 1;
    c.beginPath();
    c.moveTo(-1, 6); c.lineTo(6, -1);
    c.moveTo(-1, 1); c.lineTo(1, -1);
    c.moveTo(4, 6); c.lineTo(6, 4);
    c.stroke();
    return tile;
  })();
  // The same colours as 32-bit pixels of an ImageData (bytes R, G, B, A in memory).
  var PIXELS = {};
  var littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  Object.keys(COLOURS).forEach(function (key) {
    var hex = parseInt(COLOURS[key].slice(1), 16);
    var r = hex >> 16, g = (hex >> 8) & 255, b = hex & 255;
    PIXELS[key] = littleEndian ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
      : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
  });
  var info = document.getElementById("lis-map-info");
  var map = L.map(el, { zoomAnimation: false, fadeAnimation: false, attributionControl: false,
                        zoomSnap: 0.25, keyboard: false });
  var areas = {};
  var labels = {};
  // What is written before and after an area's figure for its unit (none for a
  // proportion, whose figures carry their "%"): ["£", ""], ["", " per 100,000 ..."].
  var valueAffixes = ["", ""];
  var profileUrl = "";
  var shownKey = null;
  var shownData = null;  // the figures the table shows, to order it again
  var highlighted = null;
  var focused = null;  // the area the keyboard is on
  var tooltip = L.DomUtil.create("div", "lis-map-tooltip", el);
  tooltip.setAttribute("aria-hidden", "true");  // #lis-map-info says it to screen readers
  tooltip.hidden = true;

  // The areas are drawn by one canvas layer of our own rather than one Leaflet
  // polygon per area: coordinates are projected once (Web Mercator, as a fraction
  // of the world), each colour is filled as one path, areas off screen are
  // skipped, and hover and click find the area under the pointer through a grid.
  var R = 6378137, D = Math.PI / 180, K = 0.5 / (Math.PI * R), MAXLAT = 85.0511287798;
  var GRID = 128;
  var TINY = 2;  // pixels: see draw()
  var shapes = [];  // {code, name, rings: [Float64Array u,v,...], box: [u0, v0, u1, v1]}
  var byCode = {};
  var grid = null;
  var extent = null;
  var canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide", map.getPane("overlayPane"));
  var glow = L.DomUtil.create("canvas", "leaflet-zoom-hide", map.getPane("overlayPane"));

  // Areas as shapes: {code, name, rings: [Float64Array u,v,...]}, u and v Web Mercator
  // as a fraction of the world. The page's embedded boundaries are GeoJSON, projected
  // here; fetched ones come packed (lis/boundary_packing.py: projected on the server,
  // integers delta-encoded), so there is neither GeoJSON to parse nor a point to project.
  function fromGeoJSON(geojson) {
    return geojson.features.map(function (feature) {
      var g = feature.geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      var rings = [];
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          var flat = new Float64Array(ring.length * 2);
          for (var i = 0; i < ring.length; i++) {
            var lng = ring[i][0], lat = Math.max(Math.min(MAXLAT, ring[i][1]), -MAXLAT);
            var sin = Math.sin(lat * D);
            flat[2 * i] = R * lng * D * K + 0.5;
            flat[2 * i + 1] = -R * Math.log((1 + sin) / (1 - sin)) / 2 * K + 0.5;
          }
          rings.push(flat);
        });
      });
      return { code: feature.id, name: feature.properties.name, rings: rings };
    });
  }
  function fromPacked(buffer) {
    var length = new DataView(buffer).getUint32(0, true);
    var header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    var ints = new Int32Array(buffer, (4 + length + 3) & ~3);
    var scale = header.scale, at = 0;
    return header.codes.map(function (code, n) {
      var rings = new Array(ints[at++]);
      for (var r = 0; r < rings.length; r++) {
        var count = ints[at++], flat = new Float64Array(count * 2), x = 0, y = 0;
        for (var i = 0; i < count * 2; i += 2) {
          x += ints[at + i];
          y += ints[at + i + 1];
          flat[i] = x / scale;
          flat[i + 1] = y / scale;
        }
        at += count * 2;
        rings[r] = flat;
      }
      return { code: code, name: header.names[n], rings: rings };
    });
  }
  function prepare(list) {
    shapes = list;
    byCode = {};
    var u0 = Infinity, v0 = Infinity, u1 = -Infinity, v1 = -Infinity;
    shapes.forEach(function (shape) {
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      shape.rings.forEach(function (flat) {
        for (var i = 0; i < flat.length; i += 2) {
          var u = flat[i], v = flat[i + 1];
          if (u < box[0]) box[0] = u;
          if (v < box[1]) box[1] = v;
          if (u > box[2]) box[2] = u;
          if (v > box[3]) box[3] = v;
        }
      });
      shape.box = box;
      shape.u = (box[0] + box[2]) / 2;
      shape.v = (box[1] + box[3]) / 2;
      byCode[shape.code] = shape;
      if (box[0] < u0) u0 = box[0];
      if (box[1] < v0) v0 = box[1];
      if (box[2] > u1) u1 = box[2];
      if (box[3] > v1) v1 = box[3];
    });
    extent = [u0, v0, (u1 - u0) / GRID || 1, (v1 - v0) / GRID || 1];
    grid = new Array(GRID * GRID);
    shapes.forEach(function (shape, n) {
      var c = cellsOf(shape.box);
      for (var x = c[0]; x <= c[2]; x++) {
        for (var y = c[1]; y <= c[3]; y++) (grid[y * GRID + x] = grid[y * GRID + x] || []).push(n);
      }
    });
    return shapes.length ? L.latLngBounds(latLngOf(u0, v1), latLngOf(u1, v0)) : null;
  }
  function latLngOf(u, v) {  // the projection undone
    return L.latLng(Math.atan(Math.sinh(Math.PI * (1 - 2 * v))) / D, (u - 0.5) * 360);
  }
  function cellsOf(box) {
    function at(value, start, step) {
      return Math.max(0, Math.min(GRID - 1, Math.floor((value - start) / step)));
    }
    return [at(box[0], extent[0], extent[2]), at(box[1], extent[1], extent[3]),
            at(box[2], extent[0], extent[2]), at(box[3], extent[1], extent[3])];
  }
  function view() {
    var size = map.getSize();
    var zs = 256 * Math.pow(2, map.getZoom());
    var min = map.getPixelBounds().min;
    return { size: size, zs: zs, ox: min.x, oy: min.y,
             box: [min.x / zs, min.y / zs, (min.x + size.x) / zs, (min.y + size.y) / zs] };
  }
  function place(target, v) {
    var ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(target, map.containerPointToLayerPoint([0, 0]));
    target.width = v.size.x * ratio;
    target.height = v.size.y * ratio;
    target.style.width = v.size.x + "px";
    target.style.height = v.size.y + "px";
    var context = target.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return context;
  }
  function trace(context, shape, v) {
    shape.rings.forEach(function (ring) {
      var lastX = (ring[0] * v.zs - v.ox), lastY = (ring[1] * v.zs - v.oy);
      context.moveTo(lastX, lastY);
      for (var i = 2; i < ring.length; i += 2) {
        var x = ring[i] * v.zs - v.ox, y = ring[i + 1] * v.zs - v.oy;
        if (Math.abs(x - lastX) + Math.abs(y - lastY) < 0.7) continue;  // under a pixel
        context.lineTo(x, y);
        lastX = x;
        lastY = y;
      }
      context.closePath();
    });
  }
  function overlaps(a, b) { return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]; }
  function draw() {
    if (!grid) return;
    var v = view();
    var context = place(canvas, v);
    var shown = shapes.filter(function (shape) { return overlaps(shape.box, v.box); });
    // Outlines only where they can be seen: at a national scale an LSOA is a few
    // pixels and its colour is what matters.
    var outline = shown.length <= 5000;
    context.strokeStyle = "#505a5f";
    context.lineWidth = 0.6;
    // An area under TINY pixels either way (most LSOAs on a map of England) is set
    // as the pixels of its box, straight into the canvas's image, before the paths
    // are filled over it: a path per area costs far more, and at that size looks
    // the same.
    var ratio = window.devicePixelRatio || 1;
    var image = null, pixels = null, width = canvas.width, height = canvas.height;
    // One path per area: Chromium fills many small paths far faster than one huge one.
    var large = shown.filter(function (shape) {
      var b = shape.box;
      if (outline || (b[2] - b[0]) * v.zs >= TINY || (b[3] - b[1]) * v.zs >= TINY) return true;
      if (!image) {
        image = context.createImageData(width, height);
        pixels = new Uint32Array(image.data.buffer);
      }
      var area = areas[shape.code];
      var colour = PIXELS[area ? area["class"] : "no-data"] || PIXELS["no-data"];
      var x0 = Math.max(0, Math.floor((b[0] * v.zs - v.ox) * ratio));
      var y0 = Math.max(0, Math.floor((b[1] * v.zs - v.oy) * ratio));
      var x1 = Math.min(width, Math.max(x0 + 1, Math.ceil((b[2] * v.zs - v.ox) * ratio)));
      var y1 = Math.min(height, Math.max(y0 + 1, Math.ceil((b[3] * v.zs - v.oy) * ratio)));
      for (var y = y0; y < y1; y++) pixels.fill(colour, y * width + x0, y * width + x1);
      return false;
    });
    if (image) context.putImageData(image, 0, 0);
    var hatch = context.createPattern(HATCH, "repeat");
    large.forEach(function (shape) {
      var area = areas[shape.code];
      var key = area ? area["class"] : "no-data";
      context.beginPath();
      trace(context, shape, v);
      context.fillStyle = key === "not-compared" ? hatch : COLOURS[key] || COLOURS["no-data"];
      context.fill("evenodd");
      if (outline) context.stroke();
    });
    drawGlow(v);
  }
  function drawGlow(v) {
    var context = place(glow, v || view());
    var shape = highlighted && byCode[highlighted];
    if (!shape) return;
    context.beginPath();
    trace(context, shape, v || view());
    if (highlighted === focused) {  // the keyboard's area: GOV.UK's yellow and black focus
      context.strokeStyle = "#ffdd00";
      context.lineWidth = 6;
      context.stroke();
    }
    context.strokeStyle = "#0b0c0c";
    context.lineWidth = 3;
    context.stroke();
  }
  function inside(shape, u, w) {
    var hit = false;
    shape.rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        var yi = ring[i + 1], yj = ring[j + 1];
        if ((yi > w) !== (yj > w) &&
            u < (ring[j] - ring[i]) * (w - yi) / (yj - yi) + ring[i]) hit = !hit;
      }
    });
    return hit;
  }
  function areaAt(point) {
    if (!grid) return null;
    var v = view();
    var u = (v.ox + point.x) / v.zs, w = (v.oy + point.y) / v.zs;
    var c = cellsOf([u, w, u, w]);
    var candidates = grid[c[1] * GRID + c[0]] || [];
    for (var n = 0; n < candidates.length; n++) {
      var shape = shapes[candidates[n]];
      if (overlaps(shape.box, [u, w, u, w]) && inside(shape, u, w)) return shape.code;
    }
    return null;
  }
  function describe(code) {
    var area = areas[code];
    var shape = byCode[code];
    if (!area && !shape && code === el.dataset.found && el.dataset.foundName) {
      // A postcode's area outside the map: named by the page, not by the map's data.
      return el.dataset.foundName + " (" + code + "): not on this map";
    }
    var name = area ? area.name : shape ? shape.name : code;
    if (!area) return name + ": no published figure";
    // A shown figure's note follows it; a suppressed area's text is its note already.
    var note = area.note && area.value !== null ? ". " + area.note : "";
    return name + ": " + withUnit(area) + " (" + labels[area["class"]] + ")" + note;
  }
  // An area's figure with its unit ("128.8 per 100,000 person-years (95% confidence
  // interval ...)", "3.7%", "£12.5 million"), as "My area" above the map says it: the
  // server's rule (lis.rules.unit_affixes) says what goes before and after.
  function withUnit(area) {
    var before = valueAffixes[0], after = valueAffixes[1];
    if (area.value === null || !(before || after)) return area.text;
    var cut = area.text.indexOf(" ");
    var figure = cut < 0 ? area.text : area.text.slice(0, cut);
    var sign = before && /^[-\u2212]/.test(figure) ? figure.charAt(0) : "";
    var shown = sign + before + figure.slice(sign.length) + after;
    return cut < 0 ? shown : shown + area.text.slice(cut);
  }
  function highlight(code, point) {
    var text = code ? describe(code) : "";
    if (code && point) showTooltip(text, point);
    else if (!code) tooltip.hidden = true;
    if (code === highlighted) return;
    highlighted = code;
    drawGlow();
    info.textContent = text;
  }
  function showTooltip(text, point) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var size = map.getSize();
    var x = Math.max(0, Math.min(point.x + 12, size.x - tooltip.offsetWidth - 4));
    var y = point.y + 16 + tooltip.offsetHeight > size.y ? point.y - 12 - tooltip.offsetHeight : point.y + 16;
    tooltip.style.transform = "translate(" + Math.round(x) + "px," + Math.round(Math.max(0, y)) + "px)";
  }
  function centreOf(shape) {  // the middle of its box, as a point in the map's container
    var v = view();
    return L.point(shape.u * v.zs - v.ox, shape.v * v.zs - v.oy);
  }
  function focusArea(code) {
    focused = code;
    var shape = code && byCode[code];
    if (!shape) { highlight(null); return; }
    var centre = centreOf(shape);
    var size = map.getSize();
    if (centre.x < 0 || centre.y < 0 || centre.x > size.x || centre.y > size.y) {
      map.panBy(centre.subtract(size.divideBy(2)), { animate: false });
      centre = centreOf(shape);
    }
    highlighted = null;  // redraw the glow as the keyboard's
    highlight(code, centre);
  }
  function nearestTo(u, w, among) {
    var best = null, bestDistance = Infinity;
    among.forEach(function (shape) {
      var d = (shape.u - u) * (shape.u - u) + (shape.v - w) * (shape.v - w);
      if (d < bestDistance) { best = shape; bestDistance = d; }
    });
    return best;
  }
  // The nearest area whose middle lies that way (within 60 degrees either side of the
  // arrow), preferring areas straight ahead.
  function nextArea(from, dx, dy) {
    var best = null, bestScore = Infinity;
    shapes.forEach(function (shape) {
      if (shape === from) return;
      var du = shape.u - from.u, dv = shape.v - from.v;
      var ahead = du * dx + dv * dy, aside = Math.abs(du * dy - dv * dx);
      if (ahead <= 0 || aside > ahead * 1.8) return;
      var score = ahead + 2 * aside;
      if (score < bestScore) { best = shape; bestScore = score; }
    });
    return best;
  }
  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  var keys = document.getElementById("lis-map-keys");
  if (keys) keys.hidden = false;
  var pointing = false;  // focus from a click is not the keyboard's: hover says the area
  el.addEventListener("mousedown", function () { pointing = true; });
  el.addEventListener("focus", function (event) {
    var byPointer = pointing;
    pointing = false;
    if (event.target !== el || byPointer) return;
    startAt();
  });
  function startAt() {  // the keyboard's area: the last one, else the one in the middle
    if (!shapes.length) return;
    var v = view();
    var shown = shapes.filter(function (shape) { return overlaps(shape.box, v.box); });
    var middle = map.getSize().divideBy(2);
    var start = (focused && byCode[focused]) ||
      nearestTo((v.ox + middle.x) / v.zs, (v.oy + middle.y) / v.zs, shown.length ? shown : shapes);
    focusArea(start.code);
  }
  el.addEventListener("blur", function (event) {
    if (event.target !== el) return;
    focused = null;
    highlight(null);
  });
  el.addEventListener("keydown", function (event) {
    if (event.target !== el || event.altKey || event.ctrlKey || event.metaKey) return;
    var arrow = ARROWS[event.key];
    var shape = focused && byCode[focused];
    if (arrow) {
      event.preventDefault();
      if (!shape) {  // the areas were redrawn without it: start again in the middle
        startAt();
        return;
      }
      var next = nextArea(shape, arrow[0], arrow[1]);
      if (next) focusArea(next.code);
    } else if (event.key === "Enter" && shape) {
      event.preventDefault();
      window.location.assign(urlOf(shape.code));
    } else if (event.key === "+" || event.key === "=" || event.key === "-" || event.key === "_") {
      event.preventDefault();
      if (event.key === "+" || event.key === "=") map.zoomIn(); else map.zoomOut();
      if (shape) focusArea(shape.code);
    } else if (event.key === "Escape") {
      focused = null;
      highlight(null);
    }
  });
  function urlOf(code) {
    return (profileUrl || el.dataset.profileUrl).replace(/\{code\}|%7Bcode%7D/i,
      encodeURIComponent(code));
  }
  var fitting = false;  // fitBounds fires zoomend and moveend: draw once, after it
  map.on("moveend resize", function () {  // (a zoom ends with a moveend too)
    if (fitting) return;
    draw();
    var shape = focused && highlighted === focused && byCode[focused];
    if (shape) showTooltip(tooltip.textContent, centreOf(shape));
  });
  map.on("mousemove", function (event) {
    var code = areaAt(event.containerPoint);
    el.classList.toggle("lis-map--over-area", !!code);
    highlight(code, event.containerPoint);
  });
  map.on("mouseout", function () { highlight(null); });
  map.on("click", function (event) {
    var code = areaAt(event.containerPoint);
    if (code) window.location.assign(urlOf(code));
  });
  // England and Wales: where a map opens that has no areas to fit (the summary says
  // why), instead of no view at all, which Leaflet cannot draw.
  var HOME = [52.6, -2.2], HOME_ZOOM = 6;
  var viewed = false;
  function drawBoundaries(list) {
    var bounds = prepare(list);
    mark("lis-map-built");
    fitting = true;
    try {
      if (bounds) map.fitBounds(bounds, { animate: false });
      else if (!viewed) map.setView(HOME, HOME_ZOOM, { animate: false });
      viewed = true;
    } finally {
      fitting = false;
    }
    draw();
    sayUndrawn();
  }
  function recolour() { draw(); sayUndrawn(); }
  // Areas with a figure but no boundary to draw (an authority loaded without LSOAs
  // and not in lis/data's shipped local authorities): said under the map, so
  // the key's counts and the table's rows are not taken for a drawing that lost some.
  function sayUndrawn() {
    var note = document.getElementById("map-undrawn");
    if (!note) return;
    var missing = Object.keys(areas).filter(function (code) { return !byCode[code]; }).length;
    note.hidden = !missing;
    note.textContent = !missing ? "" : missing === 1
      ? "1 area has a figure but no boundary to draw on this map; it is in the table."
      : missing + " areas have a figure but no boundary to draw on this map; they are in the table.";
  }

  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }
  function field(name) { return form.elements.namedItem(name); }
  function choice() {
    var values = {
      indicator: field("indicator").value,
      area_type: field("area_type").value,
      within: field("within").value,
      period: field("period").value,
      compare: field("compare") ? field("compare").value : ""
    };
    if (values.compare === "neighbours") {  // the area, the indicators it is near by, how many
      values.area = field("area").value.trim();
      values.by = Array.prototype.map.call(form.querySelectorAll('input[name="by"]:checked'),
        function (box) { return box.value; });
      values.n = field("n").value.trim();
    }
    return values;
  }
  function query(values) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (k) {
      if (Array.isArray(values[k])) values[k].forEach(function (v) { params.append(k, v); });
      else if (values[k] !== "" && values[k] !== undefined) params.set(k, values[k]);
    });
    return params.toString();
  }
  function zoomFor(within) {
    var option = field("within").selectedOptions[0];
    return within ? (option && option.dataset.zoom) || el.dataset.zoom : "6";
  }
  // The page's first answers may have come with it (a borough's map: JSON data
  // blocks), used once: a later choice fetches afresh.
  function embedded(url, first, id) {
    var block = url === first && document.getElementById(id);
    if (!block) return null;
    block.remove();
    return JSON.parse(block.textContent);
  }
  function fetchJson(url) {
    var answer = embedded(url, el.dataset.firstData, "lis-map-first-data");
    if (answer) return Promise.resolve(answer);
    return fetchOk(url).then(function (r) { return r.json(); });
  }
  function fetchShapes(url) {
    var answer = embedded(url, el.dataset.firstBoundaries, "lis-map-first-boundaries");
    if (answer) return Promise.resolve(fromGeoJSON(answer));
    return fetchOk(url).then(function (r) { return r.arrayBuffer(); }).then(fromPacked);
  }
  function fetchOk(url) {
    return fetch(url).then(function (r) {
      if (r.ok) return r;
      return r.json().catch(function () { return {}; }).then(function (body) {
        throw new Error(body.detail || url + " answered " + r.status);
      });
    });
  }

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
  function renderNotes(noted) {  // as lis/partials/_notes.html writes them
    var box = document.getElementById("map-notes");
    box.replaceChildren();
    if (!noted.length) return;
    var heading = document.createElement("h3");
    heading.className = "govuk-heading-s";
    heading.textContent = "Notes";
    var list = document.createElement("ul");
    list.className = "govuk-list rt-notes";
    noted.forEach(function (text, n) {
      var li = document.createElement("li");
      li.id = "note-" + (n + 1);
      li.textContent = "[note " + (n + 1) + "] " + text;
      list.appendChild(li);
    });
    box.append(heading, list);
  }
  // The table's order, as `mapping.table_order` puts it on the server: the map's own
  // (by code, or nearest first), by name, or by value with the areas without a figure
  // (a suppressed one carries none) last, in the map's order; ties keep the map's order.
  function ordered(data, order) {
    var codes = Object.keys(data.areas);
    var place = {};
    codes.forEach(function (code, n) { place[code] = n; });
    var sign = order === "highest" ? -1 : 1;
    if (order === "name") {  // letter by letter, whatever the case, as Python's casefold
      return codes.sort(function (a, b) {
        var x = data.areas[a].name.toLowerCase(), y = data.areas[b].name.toLowerCase();
        return (x < y ? -1 : x > y ? 1 : 0) || place[a] - place[b];
      });
    }
    if (order !== "highest" && order !== "lowest") return codes;
    return codes.sort(function (a, b) {
      var x = data.areas[a].value, y = data.areas[b].value;
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      return (x === null ? 0 : sign * (x - y)) || place[a] - place[b];
    });
  }
  function renderTable(data) {
    var body = document.getElementById("map-rows");
    body.replaceChildren();
    var all = ordered(data, field("order") ? field("order").value : "");
    var limit = parseInt(document.getElementById("map-table").dataset.rows, 10) || all.length;
    var codes = all.slice(0, limit);
    var note = document.getElementById("map-table-note");
    note.hidden = all.length <= limit;
    note.textContent = "The table lists the first " + limit.toLocaleString("en-GB") + " of " +
      all.length.toLocaleString("en-GB") + " areas in the order chosen; choose an area in " +
      "\u201cInside\u201d to list them all.";
    if (!codes.length) {
      var tr = document.createElement("tr");
      tr.className = "govuk-table__row";
      var td = cell("No published figures for these areas and this period.");
      td.colSpan = 3;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    // Each area's note, numbered as the page's notes are: a suppressed area's too,
    // so its reason is written once below the table, not in every row.
    var notes = {};
    var noted = [];
    codes.forEach(function (code) {
      var area = data.areas[code];
      var text = (area.note || "").trim();
      if (text && !notes[text]) {
        noted.push(text);
        notes[text] = noted.length;
      }
    });
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
      var value = cell(area.value !== null ? area.text : labels[area["class"]]);
      var number = notes[(area.note || "").trim()];
      if (number) {
        var ref = document.createElement("a");
        ref.className = "govuk-link rt-note-ref";
        ref.href = "#note-" + number;
        ref.textContent = "[note " + number + "]";
        value.append(" ", ref);
      }
      tr.append(first, value, last);
      body.appendChild(tr);
    });
    renderNotes(noted);
    var legend = document.getElementById("map-legend");
    legend.replaceChildren();
    data.legend.forEach(function (entry) {
      var li = document.createElement("li");
      li.appendChild(swatch(entry.key));
      var count = entry.areas.toLocaleString("en-GB") + (entry.areas === 1 ? " area" : " areas");
      li.appendChild(document.createTextNode(" " + entry.label + " (" + count + ")"));
      legend.appendChild(li);
    });
    var caption = document.querySelector("#map-table caption");
    caption.textContent = data.indicator.name + ", " + (data.period_name || data.period);
    var unit = data.indicator.unit;
    document.querySelector("#map-table thead th:nth-child(2)").textContent =
      unit ? "Value (" + unit + ")" : "Value";
    var header = document.querySelector("#map-table thead th:last-child");
    header.textContent = data.method === "quintiles" ? "Quintile"
      : "Compared with " + (data.benchmark ? data.benchmark.area_name : "the benchmark");
    var summary = document.getElementById("map-summary");
    summary.textContent = data.summary;
    var heading = document.querySelector("h1");
    heading.textContent = "Map: " + data.indicator.name;
  }
  function renderPeriods(data) {
    var select = field("period");
    select.replaceChildren();
    data.periods.forEach(function (label, i) {
      var option = document.createElement("option");
      option.value = label;
      option.textContent = (data.period_names && data.period_names[i]) || label;
      option.selected = label === data.period;
      select.appendChild(option);
    });
  }

  // Areas of the type "Inside" names (local authorities inside a local authority):
  // none. "Inside" moves up to the area around it.
  function fitInside(areaType) {
    var within = field("within");
    var inside = within.selectedOptions[0];
    if (inside && inside.dataset.type === areaType) within.value = inside.dataset.parent || "";
  }
  // "Nearest by" lists the indicators with figures for the areas chosen: the others
  // are hidden and unticked (an area's neighbours cannot be found by them).
  function fitNearestBy(areaType) {
    var shown = 0;
    form.querySelectorAll("#map-neighbours [data-area-types]").forEach(function (item) {
      var box = item.querySelector("input");
      var has = item.dataset.areaTypes.split(" ").indexOf(areaType) >= 0;
      if (!has) box.checked = false;
      item.hidden = !has;
      if (has) shown += 1;
    });
    var none = document.getElementById("map-by-none");
    if (none) none.hidden = shown > 0;
  }
  function switchAreaType(areaType, name) {
    var types = field("area_type");
    var from = types.selectedOptions[0].dataset.plural;
    types.value = areaType;
    var to = types.selectedOptions[0].dataset.plural;
    fitInside(areaType);
    fitNearestBy(areaType);
    return update("area_type").then(function (drawn) {
      if (!drawn) return false;
      var note = name + " has no figures for " + from + ", so the map shows " + to + " instead.";
      var summary = document.getElementById("map-summary");
      summary.textContent = note + " " + summary.textContent;
      info.textContent = note;
      return true;
    });
  }

  // Each choice asks afresh; an answer that arrives after a later choice's request
  // was sent is dropped, so the map, table and address always follow the form.
  var asked = 0;

  // The page's address says what is shown, and the downloads follow it.
  function showAddress() {
    var values = choice();
    if (field("order") && field("order").value) values.order = field("order").value;
    var address = window.location.pathname + "?" + query(values);
    window.history.replaceState(null, "", address);
    ["csv", "xlsx"].forEach(function (format) {
      var link = document.getElementById("map-download-" + format);
      if (link) link.href = address + "&download=" + format;
    });
  }
  function update(changed) {
    var ticket = ++asked;
    function stale() { return ticket !== asked; }
    var values = choice();
    var links = changed && document.getElementById("map-instead");
    if (links) links.remove();  // the page's suggestions were for its own choices
    if (changed === "indicator") values.period = "";
    var grouped = values.compare === "neighbours";
    if (grouped && !values.area) {
      document.getElementById("map-neighbours").open = true;
      info.textContent = "Enter the area whose statistical neighbours to compare with.";
      return Promise.resolve(false);
    }
    var boundaryKey = values.area_type + "|" + values.within;
    var base = el.dataset.boundariesBase + encodeURIComponent(values.area_type) + ".json?";
    // The first answers are the ones the page preloads (<link rel="preload">), so
    // they are fetched while the scripts load.
    var first = !changed && el.dataset.firstData;
    var dataUrl = first ? el.dataset.firstData : el.dataset.dataUrl + "?" + query(values);
    var wanted = [fetchJson(dataUrl)];
    if (!grouped && boundaryKey !== shownKey) {
      wanted.push(fetchShapes(first ? el.dataset.firstBoundaries
        : base + query({ within: values.within, zoom: zoomFor(values.within), format: "packed" })));
    }
    el.dataset.state = "loading";
    return Promise.all(wanted).then(function (answers) {
      var data = answers[0];
      if (stale()) return null;
      if (!data.group) return [data, answers[1], boundaryKey];
      // An area and its statistical neighbours, wherever they are: their outlines
      // are asked for once the data has named them.
      var key = values.area_type + "|group|" + data.group.join(",");
      if (key === shownKey) return [data, null, key];
      var url = first ? el.dataset.firstBoundaries
        : base + query({ areas: data.group.join(","), zoom: "12", format: "packed" });
      return fetchShapes(url).then(function (outlines) { return [data, outlines, key]; });
    }).then(function (answers) {
      if (!answers || stale()) return false;
      mark("lis-map-fetched");
      var data = answers[0];
      // A new indicator with no figures for these areas (one kept for whole boroughs):
      // the map moves to the smallest areas it has figures for, and says so. The
      // server names those types by the rule "Areas" is offered by (published figures,
      // not suppressed ones: `maps.figure_area_types`); a type the page does not offer
      // (figures published since it was opened) is not moved to.
      var instead = (data.area_types_with_figures || []).filter(function (type) {
        return Array.prototype.some.call(field("area_type").options,
          function (option) { return option.value === type; });
      });
      if (changed === "indicator" && !Object.keys(data.areas).length && instead.length &&
          instead.indexOf(values.area_type) < 0) {
        renderPeriods(data);  // the new indicator's, its latest chosen
        return switchAreaType(instead[0], data.indicator.name);
      }
      info.textContent = "";  // what it said was about the map before this one
      areas = data.areas;
      labels = data.labels;
      valueAffixes = data.indicator.value_affixes || ["", ""];
      profileUrl = data.profile_url;
      if (answers[1]) {
        drawBoundaries(answers[1]);
        shownKey = answers[2];
      } else {
        recolour();
      }
      mark("lis-map-layer");
      if (changed) {  // the page came with the first answer's table, key and periods
        renderPeriods(data);
        renderTable(data);
      }
      mark("lis-map-table");
      shownData = data;
      showAddress();
      if (el.dataset.found) highlight(el.dataset.found);
      window.requestAnimationFrame(function () {
        el.dataset.state = "drawn";
        el.dataset.indicator = data.indicator.code;
        el.dataset.compare = data.compare || "";
        mark("lis-map-drawn");
      });
      return true;
    }).catch(function (error) {
      if (stale()) return false;
      el.dataset.state = "failed";
      if (figures) figures.open = true;
      info.textContent = "The map could not be drawn: " + error.message + ". The table has the figures.";
    });
  }

  ["indicator", "area_type", "within", "period", "compare", "area", "n"].forEach(function (name) {
    if (!field(name)) return;
    field(name).addEventListener("change", function () {
      el.dataset.found = "";
      if (name === "area_type") {
        fitInside(field("area_type").value);
        fitNearestBy(field("area_type").value);
      }
      update(name);
    });
  });
  form.querySelectorAll('input[name="by"]').forEach(function (box) {
    box.addEventListener("change", function () { update("by"); });
  });
  if (field("order")) {  // the table is ordered again from the figures it has
    field("order").addEventListener("change", function () {
      if (!shownData) return;
      renderTable(shownData);
      showAddress();
    });
  }
  if (field("compare") && field("order")) {  // the map's own order, in words
    field("compare").addEventListener("change", function () {
      field("order").options[0].textContent =
        field("compare").value === "neighbours" ? "Nearest first" : "Area code";
    });
  }
  var rows = document.getElementById("map-rows");
  rows.addEventListener("focusin", function (event) {
    var row = event.target.closest("tr[data-area]");
    var shape = row && byCode[row.dataset.area];
    if (row) highlight(row.dataset.area, shape ? centreOf(shape) : null);
  });
  rows.addEventListener("focusout", function () { highlight(null); });
  update("");
})();
