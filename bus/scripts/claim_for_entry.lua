-- claim_for_entry: whether an agent should work on a mailbox entry for a job
-- (bus.mailbox.ClaimForEntry): the first entry seen for an open job is its
-- request; a second one (a redelivered chat.start) and any for an ended or
-- expired job are not.
--
-- KEYS[1]  maice:{job:<id>}   the job's record (hash)
-- ARGV[1]  the mailbox entry id
--
-- Returns 1 to work on the entry, 2 to finish it at once (the student cancelled the
-- job before an agent took it), else 0.
if not job_is_open(KEYS[1]) then return 0 end
redis.call('HSETNX', KEYS[1], 'agent_entry', ARGV[1])
if redis.call('HGET', KEYS[1], 'agent_entry') ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'cancelled') == 1 then return 2 end
return 1
