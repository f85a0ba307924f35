/* Dashboard behaviour: the as-of slider, the token in write forms, the live what-if slider. */
(function () {
  "use strict";
  var DAY = 86400000;

  function parseDay(text) {
    var parts = text.split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
  }

  function formatDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function asOfSlider() {
    var form = document.getElementById("asof-form");
    var slider = document.getElementById("asof-slider");
    var input = document.getElementById("asof-date");
    if (!form || !slider || !input) {
      return;
    }
    var first = parseDay(form.getAttribute("data-first"));
    var last = parseDay(form.getAttribute("data-last"));
    slider.max = String(Math.round((last - first) / DAY));
    slider.value = String(input.value ? Math.round((parseDay(input.value) - first) / DAY) : slider.max);
    slider.addEventListener("input", function () {
      input.value = formatDay(first + Number(slider.value) * DAY);
    });
    slider.addEventListener("change", function () {
      form.submit();
    });
  }

  function tokenFields() {
    var saved = window.sessionStorage.getItem("parley-token") || "";
    var fields = document.querySelectorAll("input.token");
    for (var i = 0; i < fields.length; i++) {
      if (saved) {
        fields[i].value = saved;
      }
      fields[i].form.addEventListener("submit", function (event) {
        var field = event.target.querySelector("input.token");
        window.sessionStorage.setItem("parley-token", field.value);
      });
    }
  }

  function whatIf() {
    var form = document.getElementById("whatif-form");
    if (!form) {
      return;
    }
    var actor = document.getElementById("wf-actor");
    var issue = document.getElementById("wf-issue");
    var field = document.getElementById("wf-field");
    var slider = document.getElementById("wf-value");
    var shown = document.getElementById("wf-shown");
    var entries = JSON.parse(document.getElementById("wf-entries").textContent);
    var pending = null;

    function scale() {
      var fraction = field.value === "salience" || field.value === "capability";
      slider.max = fraction ? "1" : "100";
      slider.step = fraction ? "0.01" : "1";
      slider.disabled = field.value === "drop";
    }

    function current() {
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i];
        if (e.actor === actor.value && (!issue.value || e.issue === issue.value) && e[field.value] !== undefined) {
          return e[field.value];
        }
      }
      return null;
    }

    function show(rows) {
      for (var i = 0; i < rows.length; i++) {
        var key = rows[i].issue + ":" + rows[i].model;
        var after = document.querySelector('[data-after="' + CSS.escape(key) + '"]');
        var delta = document.querySelector('[data-delta="' + CSS.escape(key) + '"]');
        if (after && rows[i].after !== null) {
          after.textContent = rows[i].after.toFixed(1);
          delta.textContent = (rows[i].after - rows[i].before).toFixed(1);
        }
      }
      document.getElementById("whatif-table").setAttribute("data-updated", String(Date.now()));
    }

    function update() {
      shown.textContent = slider.value;
      if (!actor.value) {
        return;
      }
      var params = new URLSearchParams(new FormData(form));
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch("/api/whatif?" + params.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (body.rows) {
            show(body.rows);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            shown.textContent = "error: " + error.message;
          }
        });
    }

    function reset() {
      scale();
      var value = current();
      if (value !== null) {
        slider.value = String(value);
        shown.textContent = slider.value;
      }
    }

    actor.addEventListener("change", reset);
    issue.addEventListener("change", reset);
    field.addEventListener("change", function () { reset(); update(); });
    slider.addEventListener("input", function () { shown.textContent = slider.value; });
    slider.addEventListener("change", update);
    scale();
  }

  asOfSlider();
  tokenFields();
  whatIf();
})();
