import type { Fact, MutationRow, MutationStage, PanelModel } from './panelModel.js';
import { EVENT_TYPES, type TimelineEntry } from './timeline.js';

// The panel's markup, as text: every value goes through escape(), so a group
// name or a server's message can never become markup.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const STAGES: Readonly<Record<MutationStage, string>> = {
  queued: 'not sent: waits for the group’s earlier mutations',
  held: 'not sent: held offline',
  sent: 'sent: waiting for the answer',
  unconfirmed: 'answer unreadable: re-reading the group',
  answered: 'answered: waiting for a read sent after it',
  pending: 'pending (its stage shows in a development build)',
};

/** The panel's fixed frame; the parts marked `data-part` are filled in by {@link sectionMarkup}. */
export const FRAME = `
<aside class="panel" aria-labelledby="gd-title">
  <header class="bar">
    <h2 id="gd-title">Groups store devtools</h2>
    <p class="summary" data-part="summary"></p>
    <button type="button" class="quiet" data-action="collapse" aria-expanded="true" aria-controls="gd-body">Minimize</button>
  </header>
  <div class="body" id="gd-body">
    <section class="wide"><h3>Groups: confirmed and shown</h3><div data-part="groups"></div></section>
    <section class="wide"><h3>Pending mutations, in order</h3><div data-part="mutations"></div></section>
    <section><h3>List and stamps</h3><div data-part="list"></div></section>
    <section><h3>Offline queue</h3><div data-part="offline"></div></section>
    <section><h3>Polling</h3><div data-part="polling"></div></section>
    <section><h3>Tabs</h3><div data-part="tabs"></div></section>
    <section><h3>Change feed</h3><div data-part="feed"></div></section>
    <section class="wide">
      <h3>Timeline</h3>
      <div class="filters">
        <label>Event type <select data-filter="type"><option value="all">all</option>${EVENT_TYPES.map((type) => `<option value="${type}">${type}</option>`).join('')}</select></label>
        <label>Filter <input type="search" data-filter="text" placeholder="operation, group, error…" autocomplete="off" spellcheck="false"></label>
      </div>
      <div data-part="timeline"></div>
    </section>
  </div>
</aside>`;

function facts(list: readonly Fact[]): string {
  if (list.length === 0) return '<p class="none">Nothing to show.</p>';
  return `<dl class="facts">${list.map(([term, value]) => `<div><dt>${escape(term)}</dt><dd>${escape(value)}</dd></div>`).join('')}</dl>`;
}

function groupsMarkup(model: PanelModel): string {
  if (model.groups.length === 0) return '<p class="none">No groups known.</p>';
  const rows = model.groups.map((row) => {
    const confirmed = row.confirmed === undefined ? '<span class="muted">not on the server (as far as known)</span>' : escape(row.confirmed);
    const shown = row.shown === undefined ? '<span class="muted">hidden</span>' : escape(row.shown);
    return `<tr data-group="${escape(row.name)}"${row.differs ? ' data-differs' : ''}${row.failed ? ' data-failed' : ''}><th scope="row">${escape(row.name)}</th><td>${confirmed}</td><td>${shown}${row.differs ? ' <span class="tag">differs</span>' : ''}</td><td>${escape(row.meta)}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">Group</th><th scope="col">Confirmed</th><th scope="col">Shown</th><th scope="col">State</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function mutationMarkup(row: MutationRow, withCancel: boolean): string {
  const cancel = withCancel && row.cancellable
    ? ` <button type="button" data-cancel="${row.id}" data-key="cancel-${row.id}" aria-label="Cancel #${row.id}, ${escape(row.operation)} on ${escape(row.group)}">Cancel</button>`
    : '';
  const input = row.input === '' ? '' : ` <span class="input">${escape(row.input)}</span>`;
  return `<li data-mutation="${row.id}" data-stage="${row.stage}"><span class="id">#${row.id}</span> <strong>${escape(row.operation)}</strong> ${escape(row.group)}${input} <span class="stage">${escape(STAGES[row.stage])}</span>${cancel}</li>`;
}

function mutationsMarkup(rows: readonly MutationRow[], empty: string, withCancel: boolean): string {
  return rows.length === 0 ? `<p class="none">${empty}</p>` : `<ol class="mutations">${rows.map((row) => mutationMarkup(row, withCancel)).join('')}</ol>`;
}

function clock(at: number): string {
  const date = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function timelineMarkup(entries: readonly TimelineEntry[], total: number): string {
  const count = `<p class="muted">${entries.length === total ? `${total} event${total === 1 ? '' : 's'}` : `${entries.length} of ${total} events`}, newest first</p>`;
  if (entries.length === 0) return `${count}<p class="none">No events${total === 0 ? ' yet' : ' match'}.</p>`;
  const items = [...entries].reverse().map((entry) => {
    const group = entry.group === undefined ? '' : ` ${escape(entry.group)}`;
    const detail = entry.detail === '' ? '' : ` <span class="detail">${escape(entry.detail)}</span>`;
    return `<li data-type="${entry.type}"><time>${clock(entry.at)}</time> <span class="id">#${entry.id}</span> <span class="type">${entry.type}</span> ${escape(entry.operation)}${group}${detail}</li>`;
  });
  return `${count}<ol class="timeline">${items.join('')}</ol>`;
}

/** Each part's markup; a part whose markup did not change is left as it is. */
export function sectionMarkup(model: PanelModel, timeline: readonly TimelineEntry[], total: number): Record<string, string> {
  const pending = model.mutations.length;
  const summary = `${model.groups.length} group${model.groups.length === 1 ? '' : 's'} · ${pending} pending${model.inspected ? ` · ${model.held.length} held offline` : ''}`;
  const uninspected = '<p class="none">Shown in a development build of the store only: this one is a production build (or not a store of this package), so only its public surface is shown.</p>';
  return {
    summary: escape(summary),
    groups: groupsMarkup(model),
    mutations: mutationsMarkup(model.mutations, 'No pending mutations.', true),
    list: facts(model.list) + (model.groupStamps.length > 0 ? `<h4>Groups learnt apart from a list</h4>${facts(model.groupStamps)}` : ''),
    offline: model.inspected ? facts(model.offline) + mutationsMarkup(model.held, 'Nothing held.', false) : uninspected,
    polling: model.inspected ? facts(model.polling) : uninspected,
    tabs: model.inspected ? facts(model.tabs) + (model.peers.length > 0 ? `<h4>Peers</h4>${facts(model.peers)}` : '') : uninspected,
    feed: facts(model.feed),
    timeline: timelineMarkup(timeline, total),
  };
}
