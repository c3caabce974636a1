"""Every Redis key and stream name MAICE uses, in one place.

All names start with the configured prefix (``maice:`` by default), so one
Redis can host several deployments or test runs side by side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedisKeys:
    prefix: str = "maice:"

    def revoked_access_token(self, jti: str) -> str:
        return f"{self.prefix}revoked:jti:{jti}"

    def revoked_token_family(self, family_id: str) -> str:
        return f"{self.prefix}revoked:family:{family_id}"

    def login_attempts_by_account(self, email_digest: str) -> str:
        """Recent password logins at one account (the SHA-256 of its normalised e-mail)."""
        return f"{self.prefix}{{login:{email_digest}}}:attempts"

    def login_attempts_by_address(self, address_digest: str) -> str:
        """Recent password logins from one client address (its SHA-256)."""
        return f"{self.prefix}{{login-address:{address_digest}}}:attempts"

    def job(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}"

    def job_events(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}:events"

    def job_channel(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}"

    def active_jobs(self, user_id: int) -> str:
        return f"{self.prefix}user:{user_id}:active-jobs"

    def daily_questions(self, user_id: int, day: str) -> str:
        return f"{self.prefix}user:{user_id}:questions:{day}"

    def summary_claim(self, session_id: int, last_message_id: int) -> str:
        return f"{self.prefix}summary-claim:{session_id}:{last_message_id}"

    @property
    def hub_channel(self) -> str:
        """A channel every API process stays subscribed to (see bus.wakeup)."""
        return f"{self.prefix}hub"

    @property
    def jobs_by_progress(self) -> str:
        """Unfinished jobs scored by the time of their last event (for the watchdog)."""
        return f"{self.prefix}jobs:progress"

    @property
    def agent_mailbox(self) -> str:
        return f"{self.prefix}agent:mailbox"

    @property
    def agent_dead_letters(self) -> str:
        return f"{self.prefix}agent:dead-letters"

    @property
    def agent_group(self) -> str:
        return "agents"
