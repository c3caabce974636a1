"""Every Redis key and stream name MAICE uses, in one place.

All names start with the configured prefix (``maice:`` by default), so one
Redis can host several deployments or test runs side by side. What belongs to
one job, one user or one login carries a hash tag (``{job:<id>}``,
``{user:<id>}``, ``{login:<id>}``): in a Redis Cluster its keys share a slot,
so a script or a multi-key command over them stays on one node. The keys
without a tag are shared by everyone; docs/architecture-redis.md says which
script still touches which, and why.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedisKeys:
    prefix: str = "maice:"

    def revoked_access_token(self, family_id: str, jti: str) -> str:
        """Set while one access token (of the login ``family_id``) is revoked."""
        return f"{self.prefix}{{login:{family_id}}}:revoked-token:{jti}"

    def revoked_token_family(self, family_id: str) -> str:
        """Set while every token of one login is revoked."""
        return f"{self.prefix}{{login:{family_id}}}:revoked"

    def login_attempts_by_account(self, email_digest: str) -> str:
        """Recent password logins at one account (the SHA-256 of its normalised e-mail)."""
        return f"{self.prefix}{{login:{email_digest}}}:attempts"

    def login_attempts_by_address(self, address_digest: str) -> str:
        """Recent password logins from one client address (its SHA-256)."""
        return f"{self.prefix}{{login-address:{address_digest}}}:attempts"

    def job(self, job_id: str) -> str:
        """The job's record (hash): user, session, ``finished``, last event."""
        return f"{self.prefix}{{job:{job_id}}}"

    @property
    def job_key_affixes(self) -> tuple[str, str]:
        """What comes before and after the id in ``job(id)``, for scripts naming records."""
        before, _, after = self.job("\0").partition("\0")
        return before, after

    def job_events(self, job_id: str) -> str:
        """The job's event log (stream)."""
        return f"{self.job(job_id)}:events"

    def job_channel(self, job_id: str) -> str:
        """PubSub channel of the job's wake-ups (tagged too, ready for sharded PubSub)."""
        return f"{self.job(job_id)}:wake-ups"

    def active_jobs(self, user_id: int) -> str:
        return f"{self.prefix}{{user:{user_id}}}:active-jobs"

    def open_streams(self, user_id: int) -> str:
        """The user's open event streams (sorted set: stream id by last renewal)."""
        return f"{self.prefix}{{user:{user_id}}}:streams"

    def idempotency(self, user_id: int, key_digest: str) -> str:
        """The job a user's ``Idempotency-Key`` (its SHA-256, hex) first admitted."""
        return f"{self.prefix}{{user:{user_id}}}:idempotency:{key_digest}"

    def daily_questions(self, user_id: int, day: str) -> str:
        return f"{self.prefix}{{user:{user_id}}}:questions:{day}"

    def question_limit(self, user_id: int) -> str:
        """The student's own daily question limit, set by an admin (absent: the default)."""
        return f"{self.prefix}{{user:{user_id}}}:question-limit"

    def evaluation_claim(self, session_id: int, provider: str, model: str) -> str:
        return f"{self.prefix}{{session:{session_id}}}:evaluation-claim:{provider}:{model}"

    def summary_claim(self, session_id: int, last_message_id: int) -> str:
        return f"{self.prefix}{{session:{session_id}}}:summary-claim:{last_message_id}"

    @property
    def hub_channel(self) -> str:
        """A channel every API process stays subscribed to (see bus.wakeup)."""
        return f"{self.prefix}hub"

    @property
    def jobs_by_progress(self) -> str:
        """Unfinished jobs scored by the time of their last event (for the watchdog)."""
        return f"{self.prefix}jobs:progress"

    @property
    def agent_cancels(self) -> str:
        """PubSub channel on which the API tells the agents which job a student stopped."""
        return f"{self.prefix}agent:cancels"

    @property
    def agent_mailbox(self) -> str:
        return f"{self.prefix}agent:mailbox"

    @property
    def agent_dead_letters(self) -> str:
        return f"{self.prefix}agent:dead-letters"

    @property
    def agent_group(self) -> str:
        return "agents"
