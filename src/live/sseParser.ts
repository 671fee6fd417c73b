/**
 * What a Server-Sent Events stream says, item by item: an event (dispatched
 * at a blank line), a new reconnection time (`retry:`), or a comment (a
 * keep-alive such as `: ping`).
 */
export type SseItem =
  | {
      readonly type: 'event';
      /** The `event:` field; `message` when the event named none. */
      readonly event: string;
      /** The `data:` lines, joined with `\n`. */
      readonly data: string;
      /** The last `id:` seen on the stream so far (it carries over to later events, as the standard says). */
      readonly id: string;
    }
  | { readonly type: 'retry'; readonly ms: number }
  | { readonly type: 'comment'; readonly text: string };

/** The longest line or event, in characters, a parser holds by default: past it, the stream is not one worth reading. */
export const MAX_SSE_EVENT_CHARS = 1_048_576;

/** Thrown by {@link SseParser.push} when a line or an event grows past its bound. */
export class SseTooLarge extends Error {
  constructor(limit: number) {
    super(`a server-sent event longer than ${limit} characters`);
    this.name = 'SseTooLarge';
  }
}

const LF = 10;
const CR = 13;

/**
 * The event-stream format (WHATWG HTML, "Server-sent events"), as a pure
 * parser over decoded text: feed it the chunks as they come, in any sizes
 * (a line, or a CR LF pair, may be split across two), and it returns what
 * each completes. Lines end with CR LF, LF or CR; a leading byte-order mark
 * is dropped; `data:` lines join with `\n`; an event with no data is not
 * dispatched; `id:` persists across events (one holding NUL is ignored);
 * `retry:` must be digits only; unknown fields are ignored; an event left
 * unfinished when the stream ends is never returned.
 */
export class SseParser {
  readonly #limit: number;
  /** Text after the last line break, waiting for the rest of its line. */
  #rest = '';
  /** The previous chunk ended with CR: a LF at the start of the next one belongs to it. */
  #afterCR = false;
  #started = false;
  #event = '';
  #data: string[] = [];
  #dataChars = 0;
  #id = '';

  constructor(limit = MAX_SSE_EVENT_CHARS) {
    this.#limit = limit;
  }

  /** The last event id the stream set (what a reconnection sends as `Last-Event-ID`). */
  get lastEventId(): string {
    return this.#id;
  }

  /** Parses the next chunk of text; returns what it completed, in order. Throws {@link SseTooLarge}. */
  push(chunk: string): SseItem[] {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#afterCR && text.length > 0) {
      this.#afterCR = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    const items: SseItem[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      const line = start === 0 && this.#rest !== '' ? this.#rest + text.slice(0, i) : text.slice(start, i);
      if (start === 0) this.#rest = '';
      this.#line(line, items);
      if (code === CR) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === LF) i += 1;
        } else {
          this.#afterCR = true;
        }
      }
      start = i + 1;
    }
    if (start === 0) this.#rest += text;
    else this.#rest = text.slice(start);
    if (this.#rest.length > this.#limit) throw new SseTooLarge(this.#limit);
    return items;
  }

  #line(line: string, items: SseItem[]): void {
    if (line === '') {
      this.#dispatch(items);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      items.push({ type: 'comment', text: line.slice(line.charCodeAt(1) === 0x20 ? 2 : 1) });
      return;
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        return;
      case 'data':
        this.#dataChars += value.length + 1;
        if (this.#dataChars > this.#limit) throw new SseTooLarge(this.#limit);
        this.#data.push(value);
        return;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) items.push({ type: 'retry', ms: Number(value) });
        return;
      default:
        return; // a field the format does not know is ignored
    }
  }

  #dispatch(items: SseItem[]): void {
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#dataChars = 0;
    this.#event = '';
    if (data.length === 0) return;
    items.push({ type: 'event', event: event === '' ? 'message' : event, data: data.join('\n'), id: this.#id });
  }
}
