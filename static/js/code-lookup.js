/* Code look-up for any text field marked data-lookup-url="/…/?q=" (ICD-10-CM, CPT/HCPCS).
 *
 * The WAI-ARIA 1.2 combobox pattern with a listbox popup: typing asks the server (JSON
 * [{code, label}]), Up/Down move through the suggestions, Enter or a click puts the code in,
 * Escape closes. With data-lookup-multiple the field holds a list ("Z51.5, C34.90"): only the
 * code being typed is looked up and replaced. No library: about the size htmx would add.
 */
(function () {
  "use strict";
  let counter = 0;

  function currentTerm(input, multiple) {
    if (!multiple) return input.value.trim();
    const parts = input.value.split(/[,;]/);
    return parts[parts.length - 1].trim();
  }

  function putCode(input, code, multiple) {
    if (!multiple) {
      input.value = code;
      return;
    }
    const parts = input.value.split(/[,;]/).map((part) => part.trim());
    parts[parts.length - 1] = code;
    input.value = parts.filter(Boolean).join(", ") + ", ";
  }

  function attach(input) {
    const url = input.dataset.lookupUrl;
    const multiple = input.hasAttribute("data-lookup-multiple");
    const id = "lookup-" + ++counter;
    const list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "lookup-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    // Not wrapped: Bootstrap shows a field's error only as a sibling of the invalid input.
    input.parentNode.classList.add("lookup");
    input.after(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    let items = [];
    let active = -1;
    let timer = null;
    let asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      if (!items[index]) return;
      putCode(input, items[index].code, multiple);
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }

    function show(results) {
      items = results;
      list.replaceChildren();
      results.forEach((item, index) => {
        const option = document.createElement("li");
        option.id = id + "-" + index;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const code = document.createElement("strong");
        code.textContent = item.code;
        option.append(code, " " + item.label);
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(index);
        });
        list.append(option);
      });
      status.textContent = results.length
        ? results.length + " suggestions; use the arrow keys to choose."
        : "No matching codes.";
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    async function ask() {
      const term = currentTerm(input, multiple);
      if (term.length < 2) return close();
      if (term === asked && !list.hidden) return;
      asked = term;
      const response = await fetch(url + encodeURIComponent(term), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || currentTerm(input, multiple) !== term) return;
      show((await response.json()).results);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return ask();
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function init(root) {
    root.querySelectorAll("[data-lookup-url]:not([role=combobox])").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
})();
