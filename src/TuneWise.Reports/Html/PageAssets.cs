using System.Security.Cryptography;
using System.Text;

namespace TuneWise.Reports.Html;

/// <summary>The report's stylesheet and its one script (leaderboard sorting), inlined in every report.</summary>
internal static class PageAssets
{
    /// <summary>The stylesheet: readable on a laptop, printable, no external fonts.</summary>
    public const string Style = """
        :root { --ink:#1d232a; --muted:#5b6570; --line:#d9dee3; --bg:#fbfbfc; --accent:#1f6fb4; --bad:#d6402b; --warn:#b7791f; }
        * { box-sizing: border-box; }
        body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
        header { padding: 1.2rem 2rem; background:#fff; border-bottom:1px solid var(--line); }
        header h1 { margin:0; font-size:1.5rem; }
        header p { margin:.2rem 0 0; color:var(--muted); }
        nav { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line); padding:.4rem 2rem; }
        nav { display:flex; flex-wrap:wrap; gap:.2rem 1.2rem; }
        nav a { color:var(--accent); text-decoration:none; white-space:nowrap; }
        main { max-width: 1180px; margin: 0 auto; padding: 1rem 2rem 4rem; }
        section { margin-top: 2rem; }
        h2 { font-size:1.25rem; border-bottom:2px solid var(--line); padding-bottom:.2rem; }
        h3 { font-size:1.05rem; margin-bottom:.3rem; }
        .cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap:.8rem; }
        .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.7rem .9rem; }
        .card .big { font-size:1.4rem; font-weight:600; }
        .card .label { color:var(--muted); font-size:.85rem; }
        table { border-collapse: collapse; width:100%; background:#fff; font-size:.88rem; }
        th, td { border-bottom:1px solid var(--line); padding:.3rem .5rem; text-align:left; vertical-align:top; }
        td.why { min-width: 11rem; max-width: 22rem; font-size:.8rem; }
        table.sortable.compact th { white-space:normal; }
        .clamp { max-height: 2.6em; overflow:hidden; cursor:help; }
        .clamp:hover, .clamp:focus { max-height:none; outline:none; }
        table.compact th, table.compact td { padding:.2rem .35rem; font-size:.8rem; }
        .tied { display:inline-block; padding:0 .35rem; border-radius:8px; background:#e6f0fa; color:#1f6fb4; font-size:.72rem; font-weight:600; }
        .filters label { margin-right:1rem; color:var(--muted); font-size:.85rem; }
        .verdict { background:#fff; border:1px solid var(--line); border-left:4px solid var(--accent); border-radius:6px; padding:.6rem 1rem; }
        .verdict .big { font-size:1.25rem; font-weight:600; margin:.2rem 0; }
        pre { background:#f1f3f5; padding:.5rem .7rem; border-radius:4px; overflow-x:auto; font-size:.85rem; }
        pre code { background:none; padding:0; }
        td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
        .scroll { overflow-x:auto; border:1px solid var(--line); border-radius:6px; }
        table.sortable th { cursor:pointer; user-select:none; white-space:nowrap; position:sticky; top:0; background:#f1f3f5; }
        table.sortable th[aria-sort="ascending"]::after { content:" ▲"; }
        table.sortable th[aria-sort="descending"]::after { content:" ▼"; }
        .state { display:inline-block; padding:0 .45rem; border-radius:9px; color:#fff; font-size:.8rem; }
        .state.complete { background:#1f6fb4; } .state.pruned { background:#9aa3ad; } .state.unhealthy { background:#d6402b; }
        .state.failed { background:#8a2be2; } .state.unfinished { background:#e0b000; }
        .fatal { color:var(--bad); font-weight:600; } .warning { color:var(--warn); font-weight:600; } .info { color:var(--muted); }
        .charts { display:grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap:1rem; }
        .charts.small { grid-template-columns: repeat(auto-fill, minmax(352px, 1fr)); }
        .charts figure.wide { grid-column: 1 / -1; }
        @media (max-width: 600px) {
          main, header, nav { padding-left:.6rem; padding-right:.6rem; }
          .charts, .charts.small { grid-template-columns: 1fr; }
          td.why { min-width: 10rem; }
        }
        figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:6px; padding:.4rem; overflow-x:auto; min-width:0; }
        figcaption { color:var(--muted); font-size:.85rem; padding:.2rem .3rem; }
        svg.chart { width:100%; height:auto; display:block; }
        svg.chart image { image-rendering: pixelated; }
        .trial { background:#fff; border:1px solid var(--line); border-left:4px solid var(--accent); border-radius:6px; padding:.5rem 1rem 1rem; margin-top:1rem; }
        .trial.unhealthy { border-left-color: var(--bad); }
        ul.fixes { margin:.2rem 0 .6rem; }
        code { background:#f1f3f5; padding:0 .25rem; border-radius:3px; }
        .muted { color:var(--muted); }
        @media print {
          nav { display:none; } body { background:#fff; } main { max-width:none; padding:0 1rem; }
          .scroll { overflow:visible; border:none; } figure, .trial { break-inside: avoid; }
          .filters { display:none; } .clamp { max-height:none; }
          table.compact th, table.compact td { font-size:.7rem; padding:.1rem .2rem; }
          td.why { min-width:0; max-width:none; }
          table.sortable.compact th, table.compact code { overflow-wrap:anywhere; }
          .charts, .charts.small { grid-template-columns: 1fr; }
          svg.chart { min-width:0 !important; }
          .optional { display:none; }
        }
        """;

    /// <summary>Sorts the leaderboard by a clicked column: numbers by value (the cell's <c>data-v</c>), text alphabetically; empty cells last.</summary>
    public const string Script = """
        document.querySelectorAll('select[data-filter]').forEach(function (select) {
          select.addEventListener('change', function () {
            var wanted = {};
            document.querySelectorAll('select[data-filter]').forEach(function (s) { wanted[s.getAttribute('data-filter')] = s.value; });
            document.querySelectorAll('#leaderboard-table tbody tr').forEach(function (row) {
              var show = Object.keys(wanted).every(function (key) { return !wanted[key] || row.getAttribute('data-' + key) === wanted[key]; });
              row.style.display = show ? '' : 'none';
            });
          });
        });
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var headers = table.querySelectorAll('thead th');
          headers.forEach(function (th, column) {
            th.tabIndex = 0;
            var sort = function () {
              var ascending = th.getAttribute('aria-sort') !== 'ascending';
              headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var key = function (row) {
                var cell = row.cells[column];
                var v = cell.getAttribute('data-v');
                if (v === null) v = cell.textContent.trim();
                var n = parseFloat(v);
                return v === '' ? null : (isNaN(n) || !isFinite(n) || String(n) !== v && isNaN(Number(v))) ? v.toLowerCase() : n;
              };
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                if (x === null) return y === null ? 0 : 1;
                if (y === null) return -1;
                var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
                return ascending ? c : -c;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            };
            th.addEventListener('click', sort);
            th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
          });
        });
        """;

    /// <summary>The content-security policy: nothing loads from anywhere; only the report's own script runs.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))}'; base-uri 'none'; form-action 'none'";
}
