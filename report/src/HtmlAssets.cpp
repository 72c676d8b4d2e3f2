// The HTML page's style and script, inline: the page must open from disk or from a CI
// artifact with nothing loaded from elsewhere.
#include "HtmlSupport.h"

namespace lockgraph {
namespace html {

const char *const Style = R"css(
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#5a5a5a;--card:#f4f4f6;--line:#c8c8d0;--err:#b00020;--warn:#8a5a00;--note:#1a5fb4;--mark:#fff3b0;--focus:#1a5fb4}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--fg:#e6e6e6;--muted:#a8a8a8;--card:#22252b;--line:#3a3e46;--err:#ff6b81;--warn:#f0b44c;--note:#7fb2ff;--mark:#4a4020;--focus:#7fb2ff}}
body{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:76rem;padding:1rem}
a{color:var(--note)}
[hidden]{display:none!important}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--card);padding:.3rem .6rem}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}
figure{margin:.5rem 0}
.card{background:var(--card);border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
.sev{font-weight:600;text-transform:uppercase;font-size:.8rem}.error{color:var(--err)}.warning{color:var(--warn)}.note{color:var(--note)}
.muted{color:var(--muted)}code{font-size:13px}
pre.src{overflow:auto;font-size:13px;padding:.4rem;margin:.3rem 0;border-left:3px solid var(--line)}
mark{background:var(--mark);color:inherit}
table{border-collapse:collapse;margin:.4rem 0}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right}
th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
tr.cycle td{color:var(--err);font-weight:600}
.halves{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:.8rem}
.half{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem}
.half h4{margin:.3rem 0}
ol.flow{padding-left:1.4rem}ol.flow>li{margin:.3rem 0}
ul.stack{margin:.2rem 0;padding-left:1.2rem;font-size:13px}
#filter{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end;margin:.5rem 0}
#filter label{display:flex;flex-direction:column;font-size:13px}
#filter input,#filter select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.2rem .4rem}
.graph-wrap{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:6px;background:var(--bg)}
.graph-wrap svg{display:block;max-width:100%;height:auto}
#graph:has(#graph-zoom:checked) .graph-wrap svg{max-width:none}
label.zoom{font-size:13px;display:inline-block;margin:.2rem 0}
.graph-wrap svg text{fill:var(--fg)}
.graph-wrap svg .node polygon,.graph-wrap svg .node ellipse,.graph-wrap svg .edge path{stroke:var(--fg)}
.graph-wrap svg .edge polygon{stroke:var(--fg);fill:var(--fg)}
.graph-wrap svg .cycle polygon,.graph-wrap svg .cycle ellipse,.graph-wrap svg .cycle path{stroke:var(--err)}
.graph-wrap svg .edge.cycle polygon{fill:var(--err)}
.graph-wrap svg .cycle text{fill:var(--err);font-weight:600}
.graph-wrap svg a:focus path,.graph-wrap svg a:focus polygon{stroke-width:4}
)css";

// Progressive: without script every finding and row is shown in the page's order.
const char *const Script = R"js(
(function () {
  'use strict';
  // Findings: filter by rule, severity, origin and text.
  var form = document.getElementById('filter');
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  if (form && findings.length) {
    form.hidden = false;
    var rule = form.querySelector('#f-rule'), sev = form.querySelector('#f-severity');
    var origin = form.querySelector('#f-origin'), text = form.querySelector('#f-text');
    var shown = document.getElementById('f-shown');
    var apply = function () {
      var q = text.value.trim().toLowerCase(), n = 0;
      findings.forEach(function (a) {
        var ok = (!rule.value || a.dataset.rule === rule.value) &&
                 (!sev.value || a.dataset.severity === sev.value) &&
                 (!origin.value || a.dataset.origin.split('+').indexOf(origin.value) >= 0) &&
                 (!q || a.textContent.toLowerCase().indexOf(q) >= 0);
        a.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = n + ' of ' + findings.length +
          (findings.length === 1 ? ' finding' : ' findings') + ' shown';
    };
    form.addEventListener('input', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    apply();
    // "/" jumps to the search box, as in many code browsers.
    document.addEventListener('keydown', function (e) {
      var t = e.target.tagName;
      if (e.key === '/' && t !== 'INPUT' && t !== 'SELECT' && t !== 'TEXTAREA') {
        e.preventDefault();
        text.focus();
      }
    });
  }
  // Tables: a button per header sorts by that column (numbers by their data-value).
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = th.textContent;
      b.title = 'Sort by ' + th.textContent;
      th.textContent = '';
      th.appendChild(b);
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var key = function (row) {
          var c = row.cells[col];
          return c.dataset.value !== undefined ? Number(c.dataset.value) : c.textContent;
        };
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var a = key(x), b2 = key(y);
          var r = typeof a === 'number' ? a - b2 : String(a).localeCompare(String(b2));
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
)js";

} // namespace html
} // namespace lockgraph
