"use strict";
// Progressive enhancement of the admin's autocomplete fields. select2 leaves the box where an
// editor types unnamed, and names a single choice only by its value (nothing when it is empty),
// so screen readers announce nameless controls. Each is named after its field's label; a
// citations box also says what to type there.
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
      const name = label ? label.textContent.trim().replace(/:$/, "") : "Search";
      controls.forEach((control) => {
        const typing = control.matches(".select2-search__field");
        const hint = row.matches(".field-citations") ? "type words of the sentence" : "type to search";
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
