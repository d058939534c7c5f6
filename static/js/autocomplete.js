/* alor kunnskapsbase: suggestions under every search box with data-autocomplete-url.
   No libraries; the search works without it. Loaded once or twice, it binds each box once. */
(function () {
    "use strict";

    var MIN_CHARS = 2;
    var DELAY_MS = 150;
    var counter = 0;

    function setup(input) {
        if (input.dataset.autocompleteReady) {
            return;
        }
        input.dataset.autocompleteReady = "1";
        counter += 1;
        var listId = "autocomplete-list-" + counter;
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "autocomplete";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.insertAdjacentElement("afterend", list);
        if (input.parentElement && getComputedStyle(input.parentElement).position === "static") {
            input.parentElement.style.position = "relative";
        }

        var timer = null;
        var controller = null;
        var active = -1;
        var items = [];

        function close() {
            list.hidden = true;
            list.textContent = "";
            items = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            items.forEach(function (item, i) {
                item.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", items[index].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function render(results) {
            list.textContent = "";
            items = [];
            active = -1;
            if (!results.length) {
                close();
                return;
            }
            results.forEach(function (result, i) {
                var li = document.createElement("li");
                li.id = listId + "-" + i;
                li.setAttribute("role", "option");
                li.setAttribute("aria-selected", "false");
                var link = document.createElement("a");
                link.href = result.url;
                link.tabIndex = -1;
                link.textContent = result.title;
                li.appendChild(link);
                li.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.href = result.url;
                });
                list.appendChild(li);
                items.push(li);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function fetchSuggestions() {
            var q = input.value.trim();
            if (q.length < MIN_CHARS) {
                close();
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = "AbortController" in window ? new AbortController() : null;
            var url = input.getAttribute("data-autocomplete-url") +
                "?q=" + encodeURIComponent(q) +
                "&lang=" + encodeURIComponent(document.documentElement.lang || "");
            fetch(url, {
                credentials: "same-origin",
                headers: {"Accept": "application/json"},
                signal: controller ? controller.signal : undefined
            }).then(function (response) {
                return response.ok ? response.json() : {results: []};
            }).then(function (data) {
                if (input.value.trim() === q) {
                    render(data.results || []);
                }
            }).catch(function () { /* offline or aborted: no suggestions */ });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, DELAY_MS);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight(Math.min(active + 1, items.length - 1));
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(Math.max(active - 1, -1));
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.href = items[active].querySelector("a").href;
            } else if (event.key === "Escape") {
                close();
            }
        });
        input.addEventListener("blur", function () {
            setTimeout(close, 100);
        });
    }

    function init() {
        var inputs = document.querySelectorAll("input[data-autocomplete-url]");
        Array.prototype.forEach.call(inputs, setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
