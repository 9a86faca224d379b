// Print the commentary too: open every commentary before printing.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.rt-commentary").forEach((details) => {
    details.open = true;
  });
});
