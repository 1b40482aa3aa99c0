// The statistics page's charts, drawn with the vendored Chart.js from the page's JSON data
// block (#stats-data). No inline script: the CSP stays script-src 'self'. Every chart has its
// numbers in a table beside it, so nothing here is the only way to read a figure.
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Colour-blind-safe palette (Okabe–Ito), one colour per question type.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
  Chart.defaults.animation = still ? false : Chart.defaults.animation;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-types", {
    type: "bar",
    data: {
      labels: data.months,
      datasets: data.types.map(function (t, i) {
        return { label: t.label, data: t.counts, backgroundColor: palette[i % palette.length] };
      })
    },
    options: {
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: text.cases } } },
      plugins: { legend: { position: "bottom" } }
    }
  });

  draw("chart-response", {
    type: "line",
    data: {
      labels: data.months,
      datasets: [
        { label: text.median, data: data.first_response.median, borderColor: palette[0], backgroundColor: palette[0], spanGaps: true },
        { label: text.p90, data: data.first_response.p90, borderColor: palette[5], backgroundColor: palette[5], borderDash: [6, 4], spanGaps: true }
      ]
    },
    options: {
      scales: { y: { beginAtZero: true, title: { display: true, text: text.hours } } },
      plugins: { legend: { position: "bottom" } }
    }
  });

  var weeks = data.weeks;
  draw("chart-weeks", {
    type: "line",
    data: {
      labels: weeks.labels,
      datasets: [
        { label: text.this_year, data: weeks.total, borderColor: palette[0], backgroundColor: palette[0], pointRadius: 2 },
        { label: text.previous_year, data: weeks.previous_total, borderColor: palette[7], backgroundColor: palette[7], borderDash: [6, 4], pointRadius: 0, spanGaps: true }
      ]
    },
    options: {
      scales: { y: { beginAtZero: true, title: { display: true, text: text.cases } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
