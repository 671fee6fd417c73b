import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, SseTooLarge, type SseItem } from '../../src/live/sseParser.js';

function parseAll(chunks: readonly string[], limit?: number): SseItem[] {
  const parser = new SseParser(limit);
  return chunks.flatMap((chunk) => parser.push(chunk));
}

const event = (data: string, id = '', name = 'message'): SseItem => ({ type: 'event', event: name, data, id });

describe('the event-stream parser', () => {
  it('reads the feed frames: retry, a named event with an id, a comment', () => {
    const text = 'retry: 1000\nevent: hello\nid: e1:4\ndata: {"epoch":"e1","seq":4}\n\n: ping\n\n';
    expect(parseAll([text])).toEqual([
      { type: 'retry', ms: 1000 },
      event('{"epoch":"e1","seq":4}', 'e1:4', 'hello'),
      { type: 'comment', text: 'ping' },
    ]);
  });

  it('ends lines with CR LF, LF or CR alike', () => {
    const items = parseAll(['data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n']);
    expect(items).toEqual([event('a'), event('b'), event('c'), event('d')]);
  });

  it('joins data lines with LF, and keeps a value without the space after the colon', () => {
    expect(parseAll(['data: one\ndata:two\ndata\ndata:  three\n\n'])).toEqual([event('one\ntwo\n\n three')]);
  });

  it('does not dispatch an event with no data, and resets its name after each blank line', () => {
    expect(parseAll(['event: hello\n\ndata: x\n\n'])).toEqual([event('x')]);
  });

  it('carries the last id over to later events; an id with NUL is ignored; an empty id clears it', () => {
    expect(parseAll(['id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\nid\ndata: d\n\n'])).toEqual([event('a', '7'), event('b', '7'), event('c', '7'), event('d', '')]);
  });

  it('ignores a retry that is not digits only, and fields it does not know', () => {
    expect(parseAll(['retry: 1.5\nretry: x\nretry: 250\nfoo: bar\ndata: z\n\n'])).toEqual([{ type: 'retry', ms: 250 }, event('z')]);
  });

  it('drops a byte-order mark at the start of the stream only', () => {
    expect(parseAll(['\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n'])).toEqual([event('a')]);
  });

  it('never returns an event the stream left unfinished', () => {
    expect(parseAll(['data: whole\n\ndata: half'])).toEqual([event('whole')]);
  });

  it('keeps a CR LF pair split across two chunks as one line end', () => {
    expect(parseAll(['data: a\r', '\n', '\r', '\ndata: b\r', '\r\n'])).toEqual([event('a'), event('b')]);
  });

  it('gives the same items however the text is cut into chunks', () => {
    const line = fc.constantFrom('data: x', 'data: {"seq":1}', 'data:', 'event: change', 'id: e:1', 'retry: 10', ': ping', '', 'bogus');
    const end = fc.constantFrom('\n', '\r\n', '\r');
    const stream = fc.array(fc.tuple(line, end), { maxLength: 30 }).map((lines) => lines.map(([l, e]) => l + e).join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const point of points) {
          chunks.push(text.slice(from, point));
          from = point;
        }
        chunks.push(text.slice(from));
        expect(parseAll(chunks)).toEqual(parseAll([text]));
        // One character at a time is the hardest cut of all.
        expect(parseAll([...text])).toEqual(parseAll([text]));
      }),
    );
  });

  it('refuses a line or an event longer than its bound, however it arrives', () => {
    expect(() => parseAll(['data: ', 'x'.repeat(40)], 32)).toThrow(SseTooLarge);
    expect(() => parseAll(['data: 1234567890\ndata: 1234567890\ndata: 1234567890\n'], 32)).toThrow(SseTooLarge);
    expect(parseAll([`data: ${'x'.repeat(20)}\n\n`], 32)).toEqual([event('x'.repeat(20))]);
  });
});
