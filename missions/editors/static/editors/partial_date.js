/* Dates with a precision in the admin (missions/editors/partial_dates.py). When the editor
   chooses how precise a date is, the hint under it names what to type at that precision, and
   the admin's calendar follows the choice (partial_date.css shows it for exact days only).
   Without this script the hint names what to type at every precision, and the form works the
   same. */
"use strict";
{
    function follow(select) {
        const group = select.closest(".partial-date");
        group.dataset.precision = select.value;
        // The help under the field is named after the date box, whose id ends in _1. Rows that
        // "Add another" copies keep a stale aria-describedby, so it is set again here.
        const helpId = select.id.replace(/_0$/, "_1_helptext");
        for (const input of group.querySelectorAll("select, input")) {
            input.setAttribute("aria-describedby", helpId);
        }
        const hint = document.getElementById(helpId)?.querySelector(".partial-date-hint");
        if (hint) {
            hint.textContent = select.selectedOptions[0].dataset.hint;
        }
    }

    function followAll(container) {
        container.querySelectorAll(".partial-date select").forEach(follow);
    }

    document.addEventListener("change", (event) => {
        if (event.target.matches(".partial-date select")) {
            follow(event.target);
        }
    });
    document.addEventListener("formset:added", (event) => followAll(event.target));
    document.addEventListener("DOMContentLoaded", () => followAll(document));
}
