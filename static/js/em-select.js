/* The E/M select offers only the codes of the chosen setting's family (option groups named
 * in data-em-families: setting -> family label). The server checks the pair anyway. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-em-families]").forEach((select) => {
    const families = JSON.parse(select.dataset.emFamilies);
    const setting = select.form && select.form.elements.namedItem("setting");
    if (!setting) return;
    function offer() {
      const family = families[setting.value];
      select.querySelectorAll("optgroup").forEach((group) => {
        const shown = !family || group.label === family;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      const chosen = select.selectedOptions[0];
      if (chosen && chosen.parentElement.disabled) select.value = "";
    }
    setting.addEventListener("change", offer);
    offer();
  });
})();
