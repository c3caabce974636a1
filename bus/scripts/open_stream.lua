-- open_stream: take one of a user's MAX_STREAMS_PER_USER event-stream slots
-- (bus.streams.OpenStream). A slot is held by a stream id and renewed while the
-- stream lives; one not renewed for a while belonged to a process that died.
--
-- KEYS[1]  maice:{user:<id>}:streams   open streams (sorted set: stream id by last renewal)
-- ARGV[1]  now, Unix seconds
-- ARGV[2]  slots renewed before this are stale and freed
-- ARGV[3]  the most streams the user may hold open
-- ARGV[4]  the new stream's id
-- ARGV[5]  seconds the set lives without renewals
--
-- Returns 1 when the slot is taken, 0 when the user holds all of them.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
