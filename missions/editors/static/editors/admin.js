/* The editors' admin, progressive enhancement only (missions/editors/admin.py, HistoryAdmin.Media):
   without this script every form works the same. */
"use strict";

/* A refused form brings its first field in error into view, opening the collapsed section that
   holds it, where the summary at the top of the form (form_errors.py) names them all. */
function showField(field) {
    for (let details = field.closest("details"); details; details = details.parentElement.closest("details")) {
        details.open = true;
    }
    field.scrollIntoView({block: "center"});
    field.focus({preventScroll: true});
}

function showFirstError() {
    const summary = document.getElementById("error-summary");
    if (!summary) {
        return;
    }
    for (const link of summary.querySelectorAll("a[href^='#']")) {
        link.addEventListener("click", (event) => {
            const field = document.getElementById(link.hash.slice(1));
            if (field) {
                event.preventDefault();
                showField(field);
            }
        });
    }
    const first = summary.querySelector(".errornote a[href^='#']");
    const field = first && document.getElementById(first.hash.slice(1));
    if (field) {
        showField(field);
    } else {
        summary.focus();
    }
}

document.addEventListener("DOMContentLoaded", showFirstError);

/* Leaving a change form with changes not saved asks first: the browser's own "Leave site?"
   question, when what the form would send differs from what it held once the page had loaded
   (so autocomplete boxes and added inline rows count too), or at once on a refused form, whose
   input was never saved. Saving, or any other button of the form, leaves without asking. */
function formState(form) {
    return new URLSearchParams(new FormData(form)).toString();
}

function askBeforeLeavingChanges() {
    const form = document.querySelector("#content-main form[method='post']");
    if (!form || !form.querySelector("input[name='version']")) {
        return;
    }
    const refused = document.getElementById("error-summary") !== null;
    const loaded = formState(form);
    let submitting = false;
    form.addEventListener("submit", () => {
        submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
        if (!submitting && (refused || formState(form) !== loaded)) {
            event.preventDefault();
            event.returnValue = "";
        }
    });
}

window.addEventListener("load", askBeforeLeavingChanges);
