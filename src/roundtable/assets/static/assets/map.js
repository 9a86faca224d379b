// The asset map (assets/map.html). Without JavaScript the page is the filters, the
// totals and the table. With it, this draws the assets the filters choose, from the
// GeoJSON API (/api/v1/assets.geojson, the address in #asset-map-data), as clustered
// points (leaflet.markercluster; one canvas for the points, so 10,000 stay fast).
// A point's popup links to the asset's page. When a filter changes, htmx swaps the
// totals and the table and this reloads the points from the new address.
(function () {
  "use strict";
  var el = document.getElementById("asset-map");
  if (!el || !window.L || !L.markerClusterGroup) return;

  // No tile layer (no third-party tiles under the CSP), so the zoom range is set here:
  // the clusters need a maximum zoom to split at.
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, fadeAnimation: false,
                        minZoom: 6, maxZoom: 18 });
  map.setView([51.51, -0.31], 12);
  var renderer = L.canvas({ padding: 0.5 });
  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 60,
    spiderfyOnMaxZoom: true
  });
  map.addLayer(clusters);
  var shown = null;
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

  function popup(p) {
    var box = document.createElement("div");
    var heading = document.createElement("p");
    heading.className = "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1";
    var link = document.createElement("a");
    link.className = "govuk-link";
    link.href = p.url;
    link.textContent = p.name;
    heading.appendChild(link);
    box.appendChild(heading);
    line(box, "Owner", p.owner);
    line(box, "Use", p.current_use);
    line(box, "Tenure", p.tenure_label);
    line(box, "Capacity", p.capacity === null ? null : p.capacity + " people");
    var mark = p.is_illustrative ? " (illustrative)" : "";
    line(box, "Utilisation", p.utilisation === null ? null : p.utilisation + "%" + mark);
    line(box, "Lease ends", p.lease_end === null ? null : p.lease_end + mark);
    line(box, "Operating cost a year",
         p.operating_cost === null ? null : pounds(p.operating_cost) + mark);
    return box;
  }

  function draw(data) {
    clusters.clearLayers();
    var markers = [];
    data.features.forEach(function (feature) {
      var c = feature.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        renderer: renderer, radius: 7, color: "#0b0c0c", weight: 1,
        fillColor: "#1d70b8", fillOpacity: 0.9
      });
      marker.bindPopup(function () { return popup(feature.properties); });
      markers.push(marker);
    });
    clusters.addLayers(markers);
    if (markers.length) {
      map.fitBounds(clusters.getBounds(), { padding: [24, 24], maxZoom: 16, animate: false });
    }
    el.setAttribute("data-points", String(markers.length));
  }

  function load() {
    var holder = document.getElementById("asset-map-data");
    var url = holder && holder.getAttribute("data-geojson");
    if (!url || url === shown) return;
    shown = url;
    if (pending) pending.abort();
    pending = new AbortController();
    el.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", signal: pending.signal,
                 headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { draw(data); el.removeAttribute("aria-busy"); })
      .catch(function () { el.removeAttribute("aria-busy"); });
  }

  load();
  document.body.addEventListener("htmx:afterSettle", load);
})();
