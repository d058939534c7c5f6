/* alor kunnskapsbase: small enhancements; the site works without them. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // Collapse the main navigation behind a «Meny» button on narrow screens.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("main-nav");
    if (toggle && nav) {
        var narrow = window.matchMedia("(max-width: 59.99rem)");
        var apply = function () {
            if (narrow.matches) {
                toggle.hidden = false;
                var open = toggle.getAttribute("aria-expanded") === "true";
                nav.setAttribute("data-collapsed", open ? "false" : "true");
            } else {
                toggle.hidden = true;
                nav.removeAttribute("data-collapsed");
            }
        };
        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", open ? "false" : "true");
            apply();
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                toggle.setAttribute("aria-expanded", "false");
                apply();
                toggle.focus();
            }
        });
        if (narrow.addEventListener) {
            narrow.addEventListener("change", apply);
        }
        apply();
    }
})();
