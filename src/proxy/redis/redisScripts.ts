// The Redis bus's scripts. Each runs atomically in Redis, so the numbering,
// the history, what is known of each group and the message to the other
// instances can never disagree, however many instances publish at once.
//
// Every organization script takes the same keys:
//   KEYS[1] epoch, KEYS[2] seq, KEYS[3] history (a LIST of event JSON, the
//   newest last, consecutive seqs ending at seq), KEYS[4] known (a HASH:
//   group name -> "seq|kind|groupJSON"), KEYS[5] polled (set by the first poll)
// and ARGV[1] is an epoch to take if there is none: a Redis that lost its
// data starts a new numbering, and forgets everything numbered in the old.
//
// The rules of `known` and of a poll's conditional publish are
// src/proxy/changes/knownGroups.ts's, written again in Lua to run here.

const ENSURE_EPOCH = `
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
  redis.call('SET', KEYS[1], epoch)
end
`;

// The seq of a `known` entry.
const KNOWN_SEQ = `
local function knownSeq(entry)
  return tonumber(string.sub(entry, 1, string.find(entry, '|', 1, true) - 1))
end
`;

/**
 * ARGV: epoch to take, history length, name, kind, group JSON (or ''),
 * condition epoch ('' for none), condition seq, channel, and whose condition
 * it is: 'poll' (unlessChangedAfter) or 'mutation' (staleIfChangedAfter).
 * Returns { epoch, seq, kind }, seq 0 when the condition skipped it.
 */
export const PUBLISH = `${ENSURE_EPOCH}
local name, kind, json = ARGV[3], ARGV[4], ARGV[5]
local mutation = ARGV[9] == 'mutation'
if ARGV[6] ~= '' then
  if ARGV[6] ~= epoch then
    if not mutation then return {epoch, 0, ''} end
    kind = 'stale'
    json = ''
  else
    local entry = redis.call('HGET', KEYS[4], name)
    if entry then
      local first = string.find(entry, '|', 1, true)
      local second = string.find(entry, '|', first + 1, true)
      local knownKind = string.sub(entry, first + 1, second - 1)
      if tonumber(string.sub(entry, 1, first - 1)) > tonumber(ARGV[7]) then
        if not mutation then
          if kind == 'removed' or knownKind == 'stale' then return {epoch, 0, ''} end
          if kind == 'group' and knownKind == 'group' and string.sub(entry, second + 1) == json then return {epoch, 0, ''} end
        end
        kind = 'stale'
        json = ''
      end
    end
  end
end
local seq = redis.call('INCR', KEYS[2])
local event = '{"seq":' .. seq .. ',"kind":"' .. kind .. '","name":' .. cjson.encode(name)
if kind == 'group' then event = event .. ',"group":' .. json end
event = event .. '}'
local keep = tonumber(ARGV[2])
if keep > 0 then
  redis.call('RPUSH', KEYS[3], event)
  redis.call('LTRIM', KEYS[3], -keep, -1)
else
  redis.call('DEL', KEYS[3])
end
redis.call('HSET', KEYS[4], name, seq .. '|' .. kind .. '|' .. json)
redis.call('PUBLISH', ARGV[8], '{"epoch":"' .. epoch .. '","event":' .. event .. '}')
return {epoch, seq, kind}
`;

/** Returns { epoch, seq }. */
export const CURRENT = `${ENSURE_EPOCH}
return {epoch, tonumber(redis.call('GET', KEYS[2]) or '0')}
`;

/**
 * ARGV: epoch to take, the browser's epoch, the browser's seq.
 * Returns { 'events', '', epoch, seq, event JSON… } or { 'gone', reason, epoch, seq }.
 */
export const SINCE = `${ENSURE_EPOCH}
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
local want = tonumber(ARGV[3])
if ARGV[2] ~= epoch or want > seq then return {'gone', 'epoch', epoch, seq} end
local result = {'events', '', epoch, seq}
if want == seq then return result end
local length = redis.call('LLEN', KEYS[3])
if length == 0 or seq - length + 1 > want + 1 then return {'gone', 'history', epoch, seq} end
local events = redis.call('LRANGE', KEYS[3], want + 1 - (seq - length + 1), -1)
for i = 1, #events do result[#result + 1] = events[i] end
return result
`;

/** Returns {} before the first poll (or in a lost epoch), else { 'polled', name, entry, … }. */
export const POLL_STATE = `
if not redis.call('GET', KEYS[1]) or not redis.call('GET', KEYS[5]) then return {} end
local result = {'polled'}
local all = redis.call('HGETALL', KEYS[4])
for i = 1, #all do result[#result + 1] = all[i] end
return result
`;

/** ARGV: the poll's epoch, its seq, then name, group JSON, name, group JSON… Returns 1, or 0 in another epoch. */
export const RECORD_POLL = `${KNOWN_SEQ}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local sentAt = tonumber(ARGV[2])
local listed = {}
for i = 3, #ARGV, 2 do
  local name, json = ARGV[i], ARGV[i + 1]
  listed[name] = true
  local entry = redis.call('HGET', KEYS[4], name)
  if not entry or knownSeq(entry) <= sentAt then redis.call('HSET', KEYS[4], name, sentAt .. '|group|' .. json) end
end
local all = redis.call('HGETALL', KEYS[4])
for i = 1, #all, 2 do
  if not listed[all[i]] and knownSeq(all[i + 1]) <= sentAt then redis.call('HDEL', KEYS[4], all[i]) end
end
redis.call('SET', KEYS[5], '1')
return 1
`;

/** KEYS[1] the lock; ARGV: holder, ttl in ms. Takes a free (or expired) lock, renews one's own. Returns 1 or 0. */
export const ACQUIRE_LOCK = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS[1] the lock; ARGV: holder. Frees it if the holder holds it. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;
