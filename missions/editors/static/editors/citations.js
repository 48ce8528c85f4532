"use strict";
// Progressive enhancement of the citations fields' autocomplete: the box where an editor types
// words of a sentence is named after its field, for screen readers (select2 leaves it unnamed).
{
  function nameSearchBoxes() {
    document.querySelectorAll(".field-citations").forEach((row) => {
      const label = row.querySelector("label");
      row.querySelectorAll(".select2-search__field").forEach((box) => {
        box.setAttribute(
          "aria-label",
          `${label ? label.textContent.replace(/:$/, "") : "Citations"}: type words of the sentence`
        );
      });
    });
  }
  window.addEventListener("load", () => {
    nameSearchBoxes();
    // select2 draws its box again after each choice, and inlines add fields.
    new MutationObserver(nameSearchBoxes).observe(document.body, {childList: true, subtree: true});
  });
}
