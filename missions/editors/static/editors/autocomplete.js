"use strict";
// Progressive enhancement of the admin's autocomplete fields. select2 leaves the box where an
// editor types unnamed, and names a single choice only by its value (nothing when it is empty),
// so screen readers announce nameless controls. Each is named after its field's label; the box
// also says what to type there, in the words (and language) the page gives its select
// (data-typing-hint, missions/editors/admin.py).
{
  const NAMELESS = [
    ".select2-search__field",
    ".select2-selection--single",
    ".select2-selection__rendered[role='textbox']",
  ].map((selector) => `${selector}:not([aria-label])`).join(", ");

  function nameControls() {
    document.querySelectorAll(".form-row").forEach((row) => {
      const controls = row.querySelectorAll(NAMELESS);
      if (!controls.length) {
        return;
      }
      const label = row.querySelector("label");
      // The label's colon, after a space in French ("Citations :").
      const name = label ? label.textContent.trim().replace(/\s*:$/, "") : "Search";
      const select = row.querySelector("select[data-typing-hint]");
      controls.forEach((control) => {
        const typing = control.matches(".select2-search__field");
        const hint = select ? select.dataset.typingHint : "type to search";
        control.setAttribute("aria-label", typing ? `${name}: ${hint}` : name);
      });
    });
  }
  window.addEventListener("load", () => {
    nameControls();
    // select2 draws its box again after each choice, and inlines add fields.
    new MutationObserver(nameControls).observe(document.body, {childList: true, subtree: true});
  });
}
