import { describe, expect, it } from 'vitest';
import { createGroupsProxy } from '../../src/proxy/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';

// A browser takes a mutation answer's X-Groups-Feed as exactly where the
// answer's value sits, and tells its other tabs so. When the change went out
// as `stale` (another change of the group was in flight with it, so their
// order on the upstream is unknown), the answer's value is not known to be
// as of that position: the answer carries none.

const ORG = 'acme';
const TOKEN = 'upstream-token-3c9d';

describe('the proxy, two mutations of one group in flight together', () => {
  it('answers the one numbered stale without a position, and the other with its event’s', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'eu', locations: ['lhr'] }] });
    // The upstream makes each change at once, and the test says when each answer gets back to the proxy.
    const held: Array<() => void> = [];
    const upstream: typeof globalThis.fetch = async (input, init) => {
      const answer = await emulator.fetch(input, init);
      if (init?.method === 'POST') await new Promise<void>((resolve) => held.push(resolve));
      return answer;
    };
    const proxy = createGroupsProxy({ org: ORG, token: TOKEN, upstream: 'http://upstream.invalid', fetch: upstream, authorize: () => true, changes: { pollInterval: 0 }, onError: () => undefined });
    const stream = await proxy(new Request('http://proxy.test/changes'));
    const reader = stream.body!.getReader();
    const post = (location: string) => proxy(new Request(`http://proxy.test/v1/organizations/${ORG}/groups/eu/locations/${location}`, { method: 'POST' }));

    const ams = post('ams'); // made first upstream
    await new Promise((resolve) => setTimeout(resolve, 20));
    const fra = post('fra'); // made second upstream
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(held).toHaveLength(2);
    held[1]!(); // fra's answer gets back first
    const fraAnswer = await fra;
    held[0]!();
    const amsAnswer = await ams;

    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('"seq":2')) text += decoder.decode((await reader.read()).value, { stream: true });
    await reader.cancel();
    const events = [...text.matchAll(/^data: (\{"seq".*)$/gm)].map((match) => JSON.parse(match[1]!) as { seq: number; kind: string; group?: { locations: string[] } });
    // fra, answered first, is numbered 1 as data (lhr,ams,fra: it was made second, on top of ams);
    // ams, whose answer says lhr,ams only, is numbered 2 as stale: nobody applies its older value after fra's.
    expect(events.map((event) => [event.seq, event.kind, event.group?.locations.join(',')])).toEqual([
      [1, 'group', 'lhr,ams,fra'],
      [2, 'stale', undefined],
    ]);
    // fra's answer is exactly as of its event; ams's, whose change went out as stale, names no position.
    expect([fraAnswer.headers.get('x-groups-feed')?.split(':')[1], amsAnswer.headers.get('x-groups-feed')]).toEqual(['1', null]);
  });
});
