import { escapeHtml } from './escape-html.js';

/**
 * A complete, self-contained HTML document: inline CSS (the charts' classes included), no script, no external URL, so
 * it opens from a file anywhere, offline. The body is inserted as given (already escaped by the caller).
 *
 * @param title - the page title (escaped here).
 * @param body - the body's HTML.
 * @example
 * ```ts
 * htmlPage('Comparison on ml-100k', '<h1>…</h1>');
 * ```
 */
export function htmlPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body><main>${body}</main></body>`,
    '</html>',
    '',
  ].join('\n');
}

// One stylesheet for the page and its inline SVGs (their elements carry these classes).
const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:0 0 2px}
.sub{color:#555;margin:0 0 8px}
dl.setup{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.setup dt{font-weight:600;color:#333}
dl.setup dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:4px 0}
th,td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{border-bottom:2px solid #999;vertical-align:bottom}
td.best,tr.best td{font-weight:700}
td.worse{color:#666}
.mark-sign{display:inline-block;width:1em;text-align:left;margin-left:2px}
.legend-line,.note-line{color:#555;font-size:13px;margin:6px 0}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:20px 24px}
figure{margin:0}
figure.wide{grid-column:1/-1}
figcaption{color:#555;font-size:12.5px;margin:0 0 6px}
svg.chart{display:block;max-width:100%;height:auto;overflow:visible}
svg .grid{stroke:#ececec;stroke-width:1}
svg .axis{stroke:#666;stroke-width:1}
svg .tick{fill:#555;font-size:11px}
svg .axis-label{fill:#222;font-size:12px}
svg .label{fill:#222}
svg .panel-title{fill:#222;font-weight:600}
svg .note{fill:#333;font-size:11px}
svg .missing{fill:#888;font-style:italic}
svg .error-bar line{stroke:#1a1a1a;stroke-width:1.4}
svg .mark{stroke:#555;stroke-width:1;stroke-dasharray:4 3}
svg .mark-label{fill:#333;font-size:11px}
svg .point{stroke:#fff;stroke-width:1}
svg .point-label{fill:#222;font-size:12px}
svg .leader{stroke:#888;stroke-width:0.8}
svg .legend{fill:#222}
ul.skipped li{margin:2px 0}
@media (max-width:800px){.charts{grid-template-columns:1fr}}
`.trim();
