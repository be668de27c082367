// Filters the health matrix by locale, status and check. Without it the page is whole.
(function () {
  var form = document.getElementById("filter");
  var table = document.getElementById("health");
  if (!form || !table) { return; }
  function apply() {
    var locale = form.elements.locale.value;
    var status = form.elements.status.value;
    var check = form.elements.check.value;
    table.querySelectorAll("[data-locale]").forEach(function (cell) {
      cell.hidden = Boolean(locale) && cell.getAttribute("data-locale") !== locale;
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = Array.prototype.filter.call(row.querySelectorAll("td.cell"), function (cell) {
        return !cell.hidden;
      });
      var shown = cells.some(function (cell) {
        var statusOk = !status || cell.getAttribute("data-status") === status;
        var checks = (cell.getAttribute("data-checks") || "").split(" ");
        var checkOk = !check || checks.indexOf(check) >= 0;
        return statusOk && checkOk;
      });
      row.hidden = !shown;
    });
  }
  form.addEventListener("change", apply);
  apply();
})();
