"""Rate limits per client address and per workshop: one client cannot guess join codes,
flood a server with workshops or participants, or import without end.

The counting is the `limits` library's (the one behind Flask-Limiter and SlowAPI):
a moving window per rule and key, kept where settings.RATE_LIMIT_STORAGE says, this
process's memory by default; "async+redis://…" shares it between processes without
other changes. The rules and their numbers are settings.RATE_LIMITS.
"""

import math
import time

from limits import parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from workshop.settings import REDIS_CHANNEL


class RateLimits:
    def __init__(self, rules: dict[str, str], storage_uri: str):
        """`rules`: name -> limits in the library's notation, e.g. "60/minute;600/hour"."""
        self.rules = {name: parse_many(text) for name, text in rules.items()}
        # In Redis through redis-py, the client Samla has already (limits' default for
        # "async+redis" is coredis), under this database's prefix (settings.REDIS_CHANNEL).
        options = ({"implementation": "redispy", "key_prefix": f"{REDIS_CHANNEL}:limits"}
                   if storage_uri.startswith("async+redis") else {})
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri, **options))

    async def hit(self, rule: str, key: str) -> int | None:
        """Count one attempt under the rule for this key (an address, a workshop):
        None if allowed, else the seconds to wait before the next one is."""
        for limit in self.rules[rule]:
            if not await self.limiter.hit(limit, rule, key):
                return await self.wait(limit, rule, key)
        return None

    async def spent(self, rule: str, key: str) -> int | None:
        """The seconds to wait if the rule's allowance for this key is used up, else None;
        counts nothing."""
        for limit in self.rules[rule]:
            if not await self.limiter.test(limit, rule, key):
                return await self.wait(limit, rule, key)
        return None

    async def wait(self, limit, rule: str, key: str) -> int:
        reset_at = (await self.limiter.get_window_stats(limit, rule, key)).reset_time
        return max(1, math.ceil(reset_at - time.time()))
