// "Also attending" on the attendance page: a search box above the list of people.
// The list is plain checkboxes, which work without JavaScript; this adds a text box
// that hides the people whose name or organisation does not match what is typed.
// People already chosen stay visible. The box is an ordinary input before the
// checkboxes, so Tab moves on as usual (no keyboard trap). A file, not an inline
// script: the Content-Security-Policy allows our own script files only.
for (const form of document.querySelectorAll("form[data-rt-searchable]")) {
  const name = form.dataset.rtSearchable;
  const first = form.querySelector(`input[type="checkbox"][name="${CSS.escape(name)}"]`);
  const fieldset = first && first.closest("fieldset");
  const list = fieldset && fieldset.querySelector(".govuk-checkboxes");
  if (!list) continue;
  const items = [...list.querySelectorAll(".govuk-checkboxes__item")];
  list.id = list.id || `${name}-list`;

  const group = document.createElement("div");
  group.className = "govuk-form-group govuk-!-margin-bottom-3";
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = `${name}-search`;
  label.textContent = "Find people by name or organisation";
  const input = document.createElement("input");
  input.className = "govuk-input govuk-!-width-two-thirds";
  input.id = `${name}-search`;
  input.type = "search";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-describedby", `${name}-search-count`);
  const count = document.createElement("p");
  count.className = "govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0";
  count.id = `${name}-search-count`;
  count.setAttribute("aria-live", "polite");
  group.append(label, input, count);
  list.before(group);

  const update = () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    let chosen = 0;
    for (const item of items) {
      const box = item.querySelector("input");
      const text = item.textContent.toLowerCase();
      const match = box.checked || words.every((word) => text.includes(word));
      item.style.display = match ? "" : "none";
      shown += match ? 1 : 0;
      chosen += box.checked ? 1 : 0;
    }
    count.textContent = `${shown} of ${items.length} shown, ${chosen} chosen`;
  };
  input.addEventListener("input", update);
  // Enter in the search box finds; it does not send the form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  list.addEventListener("change", update);
  update();
}
