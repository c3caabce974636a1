-- emit: append an event to a job's log and wake its followers (bus.events.EmitEvent).
--
-- KEYS[1]  maice:{job:<id>}:events   the job's event log (stream)
-- KEYS[2]  maice:{job:<id>}          the job's record (hash)
-- KEYS[3]  maice:jobs:progress       unfinished jobs scored by their last event (global)
-- ARGV[1]  the wake-up channel, maice:{job:<id>}:wake-ups
-- ARGV[2]  job id
-- ARGV[3]  event type
-- ARGV[4]  event data: the JSON relayed to clients
-- ARGV[5]  '1' for a terminal event (done, error), else '0'
-- ARGV[6]  now, Unix seconds
-- ARGV[7]  the log's approximate maximum length
-- ARGV[8]  seconds the log and the record live after this event
--
-- Returns {the new entry id, or false when the job had already ended; 1 when the
-- student asked to cancel the job, else 0}: the agent stops at the next piece.
local id = emit(KEYS[1], KEYS[2], KEYS[3], unpack(ARGV))
return {id, redis.call('HEXISTS', KEYS[2], 'cancelled')}
