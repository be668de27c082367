// Filters the health matrix by article name, locale, status and check. Without it the page is whole.
(function () {
  var form = document.getElementById("filter");
  var table = document.getElementById("health");
  if (!form || !table) { return; }
  function apply() {
    var locale = form.elements.locale.value;
    var status = form.elements.status.value;
    var check = form.elements.check.value;
    var name = form.elements.article.value.trim().toLowerCase();
    table.querySelectorAll("[data-locale]").forEach(function (cell) {
      cell.hidden = Boolean(locale) && cell.getAttribute("data-locale") !== locale;
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = Array.prototype.filter.call(row.querySelectorAll("td.cell"), function (cell) {
        return !cell.hidden;
      });
      var shown = cells.some(function (cell) {
        var statuses = (cell.getAttribute("data-status") || "").split(" ");
        var statusOk = !status || statuses.indexOf(status) >= 0;
        var checks = (cell.getAttribute("data-checks") || "").split(" ");
        var checkOk = !check || checks.indexOf(check) >= 0;
        return statusOk && checkOk;
      });
      var named = row.querySelector("th[data-name]").getAttribute("data-name");
      row.hidden = !shown || named.indexOf(name) < 0;
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
  // Sorting: by article name, or by a locale's cells, the worst (highest rank) first.
  table.querySelectorAll("button.sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = Number(button.getAttribute("data-column"));
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        if (column === 0) {
          return a.cells[0].textContent.localeCompare(b.cells[0].textContent);
        }
        var rankA = Number(a.cells[column].getAttribute("data-rank"));
        var rankB = Number(b.cells[column].getAttribute("data-rank"));
        return rankB - rankA;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("thead th").forEach(function (heading, index) {
        if (index === column) {
          heading.setAttribute("aria-sort", column === 0 ? "ascending" : "descending");
        } else {
          heading.removeAttribute("aria-sort");
        }
      });
    });
  });
})();
