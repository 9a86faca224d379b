// The co-location finder's map (assets/colocation/finder.html). Without JavaScript
// the page is a form and a table; with it, this draws each group of the table on a
// Leaflet map: the building that could be left as a filled circle, the others as
// rings, joined by lines. Hovering or focusing a building names it; clicking one
// takes you to its group in the table. The groups come from the page itself
// (<script type="application/json" id="colocation-data">), so there is no request.
// Under them, the partnership's boroughs and MSOAs (assets/ground.js), so a group
// can be placed: there are no outside tiles.
(function () {
  "use strict";
  var el = document.getElementById("colocation-map");
  var data = document.getElementById("colocation-data");
  if (!el || !data || !window.L) return;

  var groups = JSON.parse(data.textContent);
  var COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#28a197", "#912b88"];
  var map = L.map(el, { zoomAnimation: false, fadeAnimation: false, attributionControl: false });
  var bounds = L.latLngBounds([]);
  if (window.RoundtableAssetGround) window.RoundtableAssetGround(map, el);

  groups.forEach(function (group) {
    var colour = COLOURS[(group.number - 1) % COLOURS.length];
    var first = group.sites[0];
    group.sites.forEach(function (site) {
      var point = L.latLng(site.lat, site.lon);
      bounds.extend(point);
      if (site !== first) {
        L.polyline([[first.lat, first.lon], point], {
          color: colour, weight: 2, dashArray: "4 4", interactive: false
        }).addTo(map);
      }
      var marker = L.circleMarker(point, {
        radius: site.vacate ? 8 : 6,
        color: colour,
        weight: 2,
        fillColor: colour,
        fillOpacity: site.vacate ? 0.9 : 0.1
      }).addTo(map);
      marker.bindTooltip(
        "Group " + group.number + ": " + site.name + " (" + site.owner + ")" +
        (site.vacate ? ", could be left" : "")
      );
      marker.on("click", function () {
        var row = document.getElementById("group-" + group.number);
        if (row) {
          row.scrollIntoView();
          row.setAttribute("tabindex", "-1");
          row.focus();
        }
      });
    });
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16, animate: false });
  } else {
    map.setView([51.5, -0.12], 10);
  }
})();
