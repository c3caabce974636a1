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
-- other event renews its score there. The wake-up carries the event and the id
-- before it ("id\nprevious id\ntype\ndata"), so a follower that saw the previous
-- one takes it as it is and reads the stream only when it missed one.
local function emit(events, job, progress, channel, job_id, kind, data, terminal, now, maxlen, ttl)
  if redis.call('HEXISTS', job, 'finished') == 1 then return false end
  if terminal == '1' then
    redis.call('HSET', job, 'finished', kind)
    redis.call('ZREM', progress, job_id)
  else
    redis.call('ZADD', progress, now, job_id)
  end
  local id = redis.call('XADD', events, 'MAXLEN', '~', maxlen, '*', 'type', kind, 'data', data)
  local previous = redis.call('HGET', job, 'last_event') or ''
  redis.call('HSET', job, 'last_event', id)
  redis.call('EXPIRE', events, ttl)
  redis.call('EXPIRE', job, ttl)
  redis.call('PUBLISH', channel, id .. '\n' .. previous .. '\n' .. kind .. '\n' .. data)
  return id
end
