"""Who may use a bot kept to some users: single-use invitation codes, members, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine

from bot.store.common import aware, now, upsert, writing
from bot.store.schema import invitations, members, refusals

CODE_BYTES = 12  # 16 URL-safe characters: fits a t.me deep link (≤ 64, [A-Za-z0-9_-])


@dataclass(frozen=True)
class Invitation:
    """A code just made: shown once to the admin, only its hash is kept."""

    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Member:
    user_id: int
    invited_by: int | None
    added_at: dt.datetime


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


class Access:
    """Invitations and members, in the store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def invite(self, admin_id: int, days: int) -> Invitation:
        """A new single-use code, valid `days` days."""
        code = secrets.token_urlsafe(CODE_BYTES)
        stamp = now()
        expires = stamp + dt.timedelta(days=days)
        with writing(self.engine) as conn:
            conn.execute(
                invitations.insert().values(
                    code_hash=code_hash(code), created_by=admin_id, created_at=stamp, expires_at=expires
                )
            )
        return Invitation(code, expires)

    def redeem(self, code: str, user_id: int) -> str:
        """Use a code: "ok" (the user is a member from now on), "used", "expired" or "unknown"."""
        key, stamp = code_hash(code), now()
        with writing(self.engine) as conn:
            row = conn.execute(select(invitations).where(invitations.c.code_hash == key)).first()
            if row is None:
                return "unknown"
            if row.used_by is not None:
                return "ok" if row.used_by == user_id else "used"
            expires = aware(row.expires_at)
            if expires is None or expires <= stamp:
                return "expired"
            # The condition on used_by makes two simultaneous uses of one code let in only one.
            taken = conn.execute(
                update(invitations)
                .where(invitations.c.code_hash == key, invitations.c.used_by.is_(None))
                .values(used_by=user_id, used_at=stamp)
            )
            if taken.rowcount != 1:
                return "used"
            conn.execute(
                upsert(self.engine)(members)
                .values(user_id=user_id, invited_by=row.created_by, added_at=stamp)
                .on_conflict_do_nothing(index_elements=["user_id"])
            )
            conn.execute(delete(refusals).where(refusals.c.user_id == user_id))
        return "ok"

    def is_member(self, user_id: int) -> bool:
        return self.member_since(user_id) is not None

    def member_since(self, user_id: int) -> dt.datetime | None:
        """When the user became a member by invitation (None: not a member)."""
        with self.engine.connect() as conn:
            added = conn.execute(select(members.c.added_at).where(members.c.user_id == user_id)).scalar()
        return aware(added)

    def revoke(self, user_id: int) -> bool:
        """Take a member's access back; False when the user was not one."""
        with writing(self.engine) as conn:
            return bool(conn.execute(delete(members).where(members.c.user_id == user_id)).rowcount)

    def members(self) -> list[Member]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(members).order_by(members.c.added_at)).all()
        return [Member(r.user_id, r.invited_by, aware(r.added_at) or now()) for r in rows]

    def refuse(self, user_id: int, tell: bool) -> bool:
        """Count one refused update of a user; True when the user should be told (only once).

        `tell`: this update deserves an answer (a private message, a message for the bot).
        """
        stamp = now()
        with writing(self.engine) as conn:
            row = conn.execute(select(refusals.c.told).where(refusals.c.user_id == user_id)).first()
            if row is None:
                conn.execute(
                    upsert(self.engine)(refusals)
                    .values(user_id=user_id, refused=1, told=tell, first_at=stamp, last_at=stamp)
                    .on_conflict_do_nothing(index_elements=["user_id"])
                )
                return tell
            conn.execute(
                update(refusals)
                .where(refusals.c.user_id == user_id)
                .values(refused=refusals.c.refused + 1, last_at=stamp, told=refusals.c.told | tell)
            )
            return tell and not row.told

    def refused(self, user_id: int | None = None) -> int:
        """Updates refused (of one user, or of everyone)."""
        query = select(func.coalesce(func.sum(refusals.c.refused), 0))
        if user_id is not None:
            query = query.where(refusals.c.user_id == user_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
