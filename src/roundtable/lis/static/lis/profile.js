// The area profile's trend charts (lis/profile.html). The page comes with each
// indicator's figures in a table; the charts, one SVG each, come in one request to
// /lis/areas/<code>/trends/ once the Trends section is near the screen, so the
// page's first paint does not wait for 100 charts. Each chart goes in the empty
// slot of its indicator (data-trend-chart="CODE").
(function () {
  "use strict";
  var holder = document.getElementById("lis-trends");
  if (!holder || !window.fetch || !window.DOMParser) return;
  var asked = false;

  function slotFor(code) {
    var slots = holder.querySelectorAll("[data-trend-chart]");
    for (var i = 0; i < slots.length; i++) {
      if (slots[i].getAttribute("data-trend-chart") === code) return slots[i];
    }
    return null;
  }
  function place(html) {
    var found = new DOMParser().parseFromString(html, "text/html");
    found.querySelectorAll("[data-trend]").forEach(function (chart) {
      var slot = slotFor(chart.getAttribute("data-trend"));
      if (!slot) return;
      slot.replaceChildren.apply(slot, Array.prototype.map.call(chart.childNodes, function (node) {
        return document.importNode(node, true);
      }));
    });
  }
  function load() {
    if (asked) return;
    asked = true;
    holder.setAttribute("aria-busy", "true");
    fetch(holder.getAttribute("data-trends-url"),
          { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("the trend charts answered " + response.status);
        return response.text();
      })
      .then(function (html) {
        place(html);
        holder.setAttribute("data-state", "drawn");
      })
      .catch(function () {
        // The figures are in the tables under each heading; nothing is lost.
        holder.setAttribute("data-state", "failed");
      })
      .then(function () { holder.removeAttribute("aria-busy"); });
  }

  if ("IntersectionObserver" in window) {
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watch.disconnect();
        load();
      }
    }, { rootMargin: "1000px 0px" });
    watch.observe(holder);
  } else {
    load();
  }
})();
