/**
 * The panel's own styles, inside its shadow root: nothing of the page's
 * reaches in (the host resets what it would inherit), and nothing here
 * reaches out. Colours keep a contrast of 4.5:1 or more on the panel's dark
 * background; every button is at least 24 px square.
 */
export const PANEL_CSS = `
:host { all: initial; display: block; position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483000; max-height: 45vh; }
:host([dock="none"]) { position: static; max-height: none; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.panel { display: flex; flex-direction: column; max-height: inherit; margin: 0; background: #10151f; color: #e6e9ef;
  font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; border-top: 2px solid #5b8def; text-align: left; }
.bar { display: flex; align-items: center; gap: 12px; padding: 6px 12px; background: #1a2130; }
h2 { margin: 0; font-size: 13px; font-weight: 700; color: #ffffff; }
h3 { margin: 0 0 6px; font-size: 12px; font-weight: 700; color: #9dc1ff; text-transform: uppercase; letter-spacing: 0.04em; }
h4 { margin: 8px 0 4px; font-size: 12px; font-weight: 700; color: #c9d1e0; }
.summary { margin: 0; flex: 1; color: #c9d1e0; }
button, select, input { font: inherit; color: #f3f5f9; background: #2b3447; border: 1px solid #6b7a96; border-radius: 4px; min-height: 24px; min-width: 24px; padding: 2px 8px; }
button { cursor: pointer; }
button:hover { background: #36415a; }
:focus-visible { outline: 2px solid #ffd166; outline-offset: 1px; }
.body { overflow: auto; display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; padding: 10px 12px 14px; }
:host([collapsed]) .body { display: none; }
section { min-width: 0; }
section.wide { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 3px 6px; border-bottom: 1px solid #2b3447; vertical-align: top; text-align: left; }
thead th { color: #c9d1e0; font-weight: 700; }
tbody th { color: #ffffff; font-weight: 700; }
tr[data-differs] td:nth-of-type(2) { color: #ffd166; }
tr[data-failed] td:nth-of-type(3) { color: #ff9b9b; }
.tag { display: inline-block; padding: 0 4px; border: 1px solid #ffd166; border-radius: 3px; color: #ffd166; }
.muted, .none { color: #aab4c5; }
.none { margin: 0; }
ol { margin: 0; padding: 0; list-style: none; }
.mutations li { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 3px 0; border-bottom: 1px solid #2b3447; }
.id { color: #aab4c5; }
.input { color: #b8e0c2; }
.stage { color: #c9d1e0; }
li[data-stage="sent"] .stage, li[data-stage="answered"] .stage { color: #9dc1ff; }
li[data-stage="held"] .stage, li[data-stage="queued"] .stage { color: #ffd166; }
li[data-stage="unconfirmed"] .stage { color: #ffb86b; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
dl > div { display: contents; }
dt { color: #aab4c5; }
dd { margin: 0; overflow-wrap: anywhere; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 6px; }
label { display: inline-flex; align-items: center; gap: 6px; color: #c9d1e0; }
input[type="search"] { width: 16em; }
input::placeholder { color: #aab4c5; }
.timeline li { padding: 2px 0; border-bottom: 1px solid #1f2736; overflow-wrap: anywhere; }
.timeline time { color: #aab4c5; }
.type { font-weight: 700; }
li[data-type="failure"] .type, li[data-type="rollback"] .type { color: #ff9b9b; }
li[data-type="success"] .type, li[data-type="reconciled"] .type { color: #8fe3a8; }
li[data-type="retry"] .type, li[data-type="unknown"] .type { color: #ffb86b; }
li[data-type="start"] .type { color: #9dc1ff; }
.detail { color: #c9d1e0; }
`;
