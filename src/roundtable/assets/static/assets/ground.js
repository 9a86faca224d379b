// The ground under the asset maps (assets/map.js, assets/colocation.js): the CSP
// allows no outside tiles, so the partnership's borough outline(s) and, faintly,
// their MSOAs, from the LIS boundaries of this server (the map element's
// data-outline and data-inner-outlines addresses), are the maps' only ground.
// `RoundtableAssetGround(map, el, onBoroughs)` draws them in a pane below the
// points that takes no clicks, back to front: the boroughs' white ground, the MSOAs'
// faint lines, the boroughs' black outline. It marks the element with how many
// shapes it drew (data-outline-drawn, data-inner-outlines-drawn) and calls
// `onBoroughs(layer)` once the boroughs are drawn (a map may fit itself to them).
(function () {
  "use strict";
  function fetchGeojson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(url + " answered " + response.status);
        return response.json();
      });
  }

  window.RoundtableAssetGround = function (map, el, onBoroughs) {
    map.createPane("rt-outlines");
    map.getPane("rt-outlines").style.zIndex = 350;
    map.getPane("rt-outlines").style.pointerEvents = "none";
    var ground = L.svg({ pane: "rt-outlines", padding: 0.5 });
    var boroughs = null;
    function shapes(geojson, style) {
      return L.geoJSON(geojson, {
        renderer: ground, pane: "rt-outlines", interactive: false,
        style: function () { return style; }
      }).addTo(map);
    }
    var outlineUrl = el.getAttribute("data-outline");
    var innerUrl = el.getAttribute("data-inner-outlines");
    if (outlineUrl) {
      fetchGeojson(outlineUrl).then(function (geojson) {
        boroughs = shapes(geojson, { className: "rt-asset-borough", stroke: false,
                                     fillColor: "#ffffff", fillOpacity: 1 }).bringToBack();
        shapes(geojson, { className: "rt-asset-outline", color: "#0b0c0c", weight: 2, fill: false })
          .bringToFront();
        if (geojson.features.length && onBoroughs) onBoroughs(boroughs);
        el.setAttribute("data-outline-drawn", String(geojson.features.length));
      }).catch(function () { /* the points and the table stand without the ground */ });
    }
    if (innerUrl) {
      fetchGeojson(innerUrl).then(function (geojson) {
        shapes(geojson, { className: "rt-asset-inner-outline", color: "#b1b4b6", weight: 1,
                          fill: false }).bringToBack();
        if (boroughs) boroughs.bringToBack();
        el.setAttribute("data-inner-outlines-drawn", String(geojson.features.length));
      }).catch(function () { /* a fainter ground is no loss */ });
    }
  };
})();
