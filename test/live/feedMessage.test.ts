import { describe, expect, it } from 'vitest';
import { readFeedMessage, readFeedPosition, writeFeedPosition } from '../../src/live/feedMessage.js';

const group = { name: 'eu', primary: 'lhr', locations: ['lhr'] };

describe('reading the feed', () => {
  it('reads positions as <epoch>:<seq>, and nothing else', () => {
    expect(readFeedPosition('Ab_9-x:12')).toEqual({ epoch: 'Ab_9-x', seq: 12 });
    expect(readFeedPosition(' e:0 ')).toEqual({ epoch: 'e', seq: 0 });
    for (const bad of [null, undefined, '', 'e', ':1', 'e:', 'e:-1', 'e:01', 'e:1.5', 'e:1:2', 'e f:1', 'e:99999999999999999', `${'x'.repeat(65)}:1`]) {
      expect(readFeedPosition(bad)).toBeUndefined();
    }
    expect(writeFeedPosition({ epoch: 'e', seq: 3 })).toBe('e:3');
  });

  it('reads hello, the three kinds of change, and reload', () => {
    expect(readFeedMessage('hello', '{"epoch":"e","seq":4}', 'e:4')).toEqual({ type: 'hello', epoch: 'e', seq: 4 });
    expect(readFeedMessage('change', JSON.stringify({ seq: 5, kind: 'group', name: 'eu', group }), 'e:5')).toEqual({ type: 'change', kind: 'group', epoch: 'e', seq: 5, name: 'eu', group });
    expect(readFeedMessage('change', '{"seq":6,"kind":"removed","name":"eu"}', 'e:6')).toEqual({ type: 'change', kind: 'removed', epoch: 'e', seq: 6, name: 'eu' });
    expect(readFeedMessage('change', '{"seq":7,"kind":"stale","name":"eu"}', 'e:7')).toEqual({ type: 'change', kind: 'stale', epoch: 'e', seq: 7, name: 'eu' });
    expect(readFeedMessage('reload', '{"epoch":"e","seq":8,"reason":"history"}', 'e:8')).toEqual({ type: 'reload', epoch: 'e', seq: 8, reason: 'history' });
    expect(readFeedMessage('reload', '{"epoch":"e","seq":8,"reason":"<b>"}', 'e:8')).toEqual({ type: 'reload', epoch: 'e', seq: 8, reason: 'unknown' });
  });

  it('ignores what does not read: another event, a missing or disagreeing id, a bad name, a group under another name', () => {
    const bad: Array<[string, string, string]> = [
      ['message', '{"seq":1}', 'e:1'],
      ['hello', '{"epoch":"e","seq":4}', ''],
      ['hello', '{"epoch":"f","seq":4}', 'e:4'],
      ['change', '{"seq":5,"kind":"removed","name":"eu"}', 'e:6'],
      ['change', '{"seq":0,"kind":"removed","name":"eu"}', 'e:0'],
      ['change', '{"seq":5,"kind":"removed","name":"../x"}', 'e:5'],
      ['change', '{"seq":5,"kind":"group","name":"eu"}', 'e:5'],
      ['change', JSON.stringify({ seq: 5, kind: 'group', name: 'us', group }), 'e:5'],
      ['change', '{"seq":5,"kind":"other","name":"eu"}', 'e:5'],
      ['change', 'not json', 'e:5'],
      ['change', '[5]', 'e:5'],
    ];
    for (const [event, data, id] of bad) expect(readFeedMessage(event, data, id)).toBeUndefined();
  });
});
