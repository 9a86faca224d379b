// The asset map (assets/map.html). Without JavaScript the page is the filters, the
// totals and the table. With it, this draws the assets the filters choose, from
// /assets/map/data.json (compact rows; the address is in #asset-map-data), as
// clustered points (leaflet.markercluster, filled in chunks; one canvas for the
// points, so 10,000 stay fast).
// Under the points, the partnership's borough outline(s) and, faintly, their MSOAs
// (assets/ground.js): the CSP allows no outside tiles, so these are the map's only
// ground.
// A point's popup links to the asset's page. When a filter changes, htmx swaps the
// totals and the table and this reloads the points from the new address.
(function () {
  "use strict";
  var el = document.getElementById("asset-map");
  if (!el || !window.L || !L.markerClusterGroup || !window.RoundtableAssetGround) return;

  // No tile layer (no third-party tiles under the CSP), so the zoom range is set here:
  // the clusters need a maximum zoom to split at.
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, fadeAnimation: false,
                        minZoom: 9, maxZoom: 18 });
  map.setView([51.51, -0.31], 12);
  var renderer = L.canvas({ padding: 0.5 });
  // The cluster layer works out its clusters for every zoom level a point is added
  // at: a borough needs zoom 9 (all London) to 16 (a street); from 17 the points
  // stand alone. Points go in in long chunks with short pauses, so 10,000 draw in
  // well under a second without freezing the page.
  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    chunkInterval: 400,
    chunkDelay: 1,
    showCoverageOnHover: false,
    maxClusterRadius: 60,
    disableClusteringAtZoom: 17,
    spiderfyOnMaxZoom: false
  });
  map.addLayer(clusters);
  var shown = null;
  var hasPoints = false;

  // The ground (assets/ground.js): the boroughs, fitted to when there are no points.
  window.RoundtableAssetGround(map, el, function (boroughs) {
    if (!hasPoints) map.fitBounds(boroughs.getBounds(), { padding: [24, 24], animate: false });
  });
  var pending = null;

  function line(parent, label, text) {
    if (text === null || text === undefined || text === "") return;
    var p = document.createElement("p");
    p.className = "govuk-body-s govuk-!-margin-bottom-1";
    p.textContent = label + ": " + text;
    parent.appendChild(p);
  }

  function pounds(value) {
    return "£" + Math.round(Number(value)).toLocaleString("en-GB");
  }

  function popup(data, point) {
    var p = {};
    data.columns.forEach(function (name, i) { p[name] = point[i]; });
    var box = document.createElement("div");
    var heading = document.createElement("p");
    heading.className = "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1";
    var link = document.createElement("a");
    link.className = "govuk-link";
    link.href = data.page + p.id + "/";
    link.textContent = p.name;
    heading.appendChild(link);
    box.appendChild(heading);
    line(box, "Owner", data.owners[p.owner]);
    line(box, "Use", data.uses[p.use]);
    line(box, "Tenure", data.tenures[p.tenure]);
    line(box, "Capacity", p.capacity === null ? null : p.capacity + " people");
    var mark = p.is_illustrative ? " (illustrative)" : "";
    line(box, "Utilisation", p.utilisation === null ? null : p.utilisation + "%" + mark);
    line(box, "Lease ends", p.lease_end === null ? null : p.lease_end + mark);
    line(box, "Operating cost a year",
         p.operating_cost === null ? null : pounds(p.operating_cost) + mark);
    return box;
  }

  // Called as the cluster layer takes the points in chunks (so a large map never
  // blocks the page); the map is drawn once the last chunk is in.
  var expected = 0;
  var shownData = null;
  // One popup for the map, filled from the point clicked (not one per point).
  clusters.on("click", function (event) {
    if (!event.layer.point) return;
    L.popup({ offset: [0, -4] })
      .setLatLng(event.layer.getLatLng())
      .setContent(popup(shownData, event.layer.point))
      .openOn(map);
  });
  function drawn() {
    el.setAttribute("data-points", String(expected));
    el.removeAttribute("aria-busy");
    // For benchmarks/assets_map.py: when the first points are on screen.
    requestAnimationFrame(function () {
      if (window.performance && !performance.getEntriesByName("asset-map-drawn").length) {
        performance.mark("asset-map-drawn");
      }
    });
  }
  clusters.options.chunkProgress = function (processed, total) {
    if (processed === total) drawn();
  };

  function draw(data) {
    if (window.performance) performance.mark("asset-map-data");
    clusters.clearLayers();
    var markers = [];
    var corners = [];
    data.points.forEach(function (point) {
      var at = [point[1], point[2]];
      corners.push(at);
      var marker = L.circleMarker(at, {
        renderer: renderer, radius: 7, color: "#0b0c0c", weight: 1,
        fillColor: "#1d70b8", fillOpacity: 0.9
      });
      marker.point = point;
      markers.push(marker);
    });
    shownData = data;
    expected = markers.length;
    hasPoints = markers.length > 0;
    if (!markers.length) {
      drawn();
      return;
    }
    map.fitBounds(L.latLngBounds(corners), { padding: [24, 24], maxZoom: 16, animate: false });
    clusters.addLayers(markers);
  }

  function load() {
    var holder = document.getElementById("asset-map-data");
    var url = holder && holder.getAttribute("data-points");
    if (!url || url === shown) return;
    shown = url;
    if (pending) pending.abort();
    pending = new AbortController();
    el.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", signal: pending.signal,
                 headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(draw)
      .catch(function () { el.removeAttribute("aria-busy"); });
  }

  load();
  document.body.addEventListener("htmx:afterSettle", load);
})();
