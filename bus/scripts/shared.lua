-- Functions shared by MAICE's scripts. bus/scripts/__init__.py puts this file in
-- front of every script (the embedded Redis is 6.2, which has no Functions).

-- Whether a job's record exists and the job has not ended.
local function job_is_open(job)
  local state = redis.call('HMGET', job, 'user_id', 'finished')
  return state[1] ~= false and not state[2]
end

-- Append one event to a job's log and wake its followers; the entry id, or false
-- once the job has ended (so a log holds at most one terminal event, its last).
-- A terminal event marks the record and takes the job off the progress set; any
-- other event renews its score there. The wake-up carries only the new id:
-- followers read the stream (see bus.events.follow_job_events).
local function emit(events, job, progress, channel, job_id, kind, data, terminal, now, maxlen, ttl)
  if redis.call('HEXISTS', job, 'finished') == 1 then return false end
  if terminal == '1' then
    redis.call('HSET', job, 'finished', kind)
    redis.call('ZREM', progress, job_id)
  else
    redis.call('ZADD', progress, now, job_id)
  end
  local id = redis.call('XADD', events, 'MAXLEN', '~', maxlen, '*', 'type', kind, 'data', data)
  redis.call('EXPIRE', events, ttl)
  redis.call('EXPIRE', job, ttl)
  redis.call('PUBLISH', channel, id)
  return id
end
