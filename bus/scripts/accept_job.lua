-- accept_job: admit a chat job in one step (bus.jobs.AcceptJob). Unless a denylist
-- key exists or the student is over a limit, count the job, record it and emit
-- `accepted`. A request that repeats an idempotency key of the student's (the API
-- was lost between admitting and answering) is not admitted again: the script
-- returns the job the key first admitted.
--
-- KEYS[1]    maice:{user:<id>}:active-jobs       the student's unfinished jobs by start time
-- KEYS[2]    maice:{user:<id>}:questions:<day>   questions admitted today (UTC)
-- KEYS[3]    maice:{user:<id>}:question-limit    the student's own daily limit (an admin's)
-- KEYS[4..6] emit.lua's KEYS, for `accepted`
-- KEYS[7..]  first, when ARGV[11] > 0, the request's idempotency key
--            (maice:{user:<id>}:idempotency:<digest>, holding the job it admitted);
--            then the denylist keys of the access token: any that exists refuses the job
-- ARGV[1]    now, Unix seconds
-- ARGV[2]    active jobs started before this no longer count (stale)
-- ARGV[3]    the most unfinished jobs a student may have
-- ARGV[4]    the most questions a student may ask a day, unless KEYS[3] says otherwise
-- ARGV[5]    seconds the daily count lives
-- ARGV[6]    seconds the active set lives
-- ARGV[7]    a job record's key up to its id, maice:{job:
-- ARGV[8]    ... and after it, }
-- ARGV[9]    user id
-- ARGV[10]   session id, '' for a new session
-- ARGV[11]   seconds an idempotency key lives; '0' when the request has none (no KEYS[7])
-- ARGV[12]   the question, kept in the job's record (the watchdog re-drives chat.start with it)
-- ARGV[13..] emit.lua's ARGV, for `accepted`
--
-- Returns 'revoked', 'busy' or 'daily_limit:<limit>' for a refusal, 'repeat:<job id>' for a
-- repeated idempotency key, else the id of `accepted`.
-- A job in the active set counts while its record exists and it has not ended; the
-- script reads those records by name (not declared in KEYS: one Redis, not a cluster).
local idempotency_ttl = tonumber(ARGV[11])
local denylist_from = 7
if idempotency_ttl > 0 then denylist_from = 8 end
for i = denylist_from, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 'revoked' end
end
if idempotency_ttl > 0 then
  local first = redis.call('GET', KEYS[7])
  if first then return 'repeat:' .. first end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[2])
for _, other in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if not job_is_open(ARGV[7] .. other .. ARGV[8]) then redis.call('ZREM', KEYS[1], other) end
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 'busy' end
local daily_limit = tonumber(redis.call('GET', KEYS[3]) or ARGV[4])
if redis.call('INCR', KEYS[2]) > daily_limit then
  redis.call('DECR', KEYS[2])
  return 'daily_limit:' .. daily_limit
end
redis.call('EXPIRE', KEYS[2], ARGV[5])
local job_id = ARGV[14]
redis.call('ZADD', KEYS[1], ARGV[1], job_id)
redis.call('EXPIRE', KEYS[1], ARGV[6])
if idempotency_ttl > 0 then redis.call('SET', KEYS[7], job_id, 'EX', idempotency_ttl) end
redis.call('HSET', KEYS[5], 'user_id', ARGV[9], 'session_id', ARGV[10], 'created_at', ARGV[1],
  'question', ARGV[12])
return emit(KEYS[4], KEYS[5], KEYS[6], unpack(ARGV, 13))
