-- cancel_job: a student stops an answer (bus.jobs.CancelJob). Marks the job's record
-- and tells the agents; the agent working on it stops at its next piece, and an agent
-- or worker that meets the job later finishes it at once (see docs/architecture.md).
--
-- KEYS[1]  maice:{job:<id>}        the job's record (hash)
-- ARGV[1]  the student's user id: another user's job is as good as missing
-- ARGV[2]  now, Unix seconds
-- ARGV[3]  the agents' cancel channel, maice:agent:cancels
-- ARGV[4]  job id
--
-- Returns 'missing', 'ended' (it has its done or error already) or 'cancelled'.
if redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[1] then return 'missing' end
if redis.call('HEXISTS', KEYS[1], 'finished') == 1 then return 'ended' end
redis.call('HSETNX', KEYS[1], 'cancelled', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 'cancelled'
