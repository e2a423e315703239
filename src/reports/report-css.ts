// The report's stylesheet: served at a path under a strict CSP (no inline styles), or inlined in the
// standalone HTML/PDF. Screen and A4 print rules; rating colours match the charts.
import { RATING_COLORS, RATING_TEXT } from "./chart-style.js";

const ratingRules = (Object.keys(RATING_COLORS) as Array<keyof typeof RATING_COLORS>)
  .map((r) => `.rating-${r}{background:${RATING_COLORS[r]};color:${RATING_TEXT[r]};}`)
  .join("\n");

/** CSS of the HTML report. Serve it as text/css (e.g. at /report.css) or inline it when standalone. */
export const REPORT_CSS = `
:root{--ink:#1a1a1a;--muted:#555;--line:#d6d6d6;--soft:#f5f5f3;--accent:#0072B2;}
*{box-sizing:border-box;}
html{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:var(--ink);background:#fff;line-height:1.45;}
body.report{margin:0 auto;max-width:60rem;padding:1.5rem 1rem 3rem;font-size:1rem;}
h1{font-size:1.7rem;margin:0 0 .3rem;line-height:1.2;}
h2{font-size:1.35rem;margin:1.6rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink);}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem;}
h4{font-size:.98rem;margin:.8rem 0 .3rem;}
p,li{overflow-wrap:anywhere;}
a{color:var(--accent);}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 .8rem;}
.overall{display:flex;align-items:center;gap:.8rem;margin:.6rem 0 1rem;font-size:1.1rem;}
.rating{display:inline-block;padding:.12rem .5rem;border-radius:.3rem;font-weight:bold;letter-spacing:.03em;border:1px solid #8a8a8a;white-space:nowrap;}
.overall .rating{font-size:1.25rem;padding:.3rem .8rem;}
${ratingRules}
.key-points{padding-left:1.2rem;}
.key-points li{margin:.35rem 0;}
figure{margin:1rem 0;text-align:center;break-inside:avoid;page-break-inside:avoid;}
figure img.chart{max-width:100%;height:auto;border:1px solid var(--line);}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem;}
.table-wrap{overflow-x:auto;}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.9rem;}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top;}
th{background:var(--soft);}
td.num,th.num{text-align:right;white-space:nowrap;}
tr{break-inside:avoid;page-break-inside:avoid;}
.finding,.mitigation,.lab-run{border:1px solid var(--line);border-radius:.4rem;padding:.2rem 1rem .6rem;margin:.9rem 0;}
.finding h3,.mitigation h3,.lab-run h3{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;}
h3 .meta{margin:0;font-weight:normal;font-size:.85rem;}
.finding ul,.mitigation ul{margin:.2rem 0 .6rem;padding-left:1.2rem;}
.finding li,.mitigation li{margin:.15rem 0;font-size:.93rem;}
.meaning{font-style:italic;color:var(--muted);}
.tradeoff{background:var(--soft);border-left:4px solid #E69F00;padding:.35rem .6rem;}
.further li{margin:.45rem 0;font-size:.93rem;}
.none{color:var(--muted);font-style:italic;}
.verified{border-left:4px solid #009E73;padding-left:.6rem;}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.82em;background:var(--soft);padding:0 .2em;border-radius:.2em;overflow-wrap:anywhere;}
.examples{display:flex;flex-wrap:wrap;gap:.8rem;}
.examples figure{margin:.3rem 0;}
.examples img{width:112px;height:112px;image-rendering:pixelated;border:1px solid var(--line);}
footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem;}
@media (max-width:40rem){body.report{padding:1rem .7rem 2rem;}h1{font-size:1.35rem;}table{font-size:.8rem;}}
@page{size:A4;margin:14mm 13mm 16mm;}
@media print{
  html{font-size:10.5pt;}
  body.report{max-width:none;padding:0;}
  section.major{break-before:page;page-break-before:always;}
  section.major.first{break-before:auto;page-break-before:auto;}
  h2,h3,h4{break-after:avoid;page-break-after:avoid;}
  .mitigation{break-inside:avoid;page-break-inside:avoid;}
  .finding ul,.lab-run table{break-inside:auto;}
  a{color:var(--ink);text-decoration:none;}
  figure img.chart{border:none;max-height:120mm;width:auto;}
  #summary figure img.chart{max-height:92mm;}
  figure.radar img.chart{max-height:105mm;}
  figure.heat img.chart{max-height:84mm;}
  .table-wrap{overflow:visible;}
}
`.trim();
