// Print the commentary too: open every commentary before printing.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.rt-commentary").forEach((details) => {
    details.open = true;
  });
});

// The hint "scroll sideways" only where a table is wider than its box (it shows
// without JavaScript, so nobody misses columns).
function markTablesThatFit() {
  document.querySelectorAll(".rt-table-scroll").forEach((box) => {
    const hint = document.getElementById(box.getAttribute("aria-describedby"));
    if (hint) {
      hint.hidden = box.scrollWidth <= box.clientWidth;
    }
  });
}
window.addEventListener("load", markTablesThatFit);
window.addEventListener("resize", markTablesThatFit);
