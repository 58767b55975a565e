"""Account services: sign-up and e-mail verification, log-in and sessions, roles, TOTP, API tokens, password reset.

Functions that take a :class:`~sqlalchemy.orm.Session` work inside the caller's transaction. The log-in flow
(:func:`log_in`) takes the :class:`~cagateway.db.Database` instead: its rate-limit hits and its failure record
must commit even when the log-in fails, and the Argon2 check must not hold SQLite's write lock.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import pyotp
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cagateway.accounts import audit, passwords
from cagateway.accounts.crypto import digest, new_public_id, new_secret
from cagateway.accounts.errors import Forbidden, TooManyRequests, Unauthorized
from cagateway.accounts.mail import queue_mail
from cagateway.accounts.models import ROLES, ApiToken, EmailToken, User, UserSession
from cagateway.accounts.ratelimit import hit
from cagateway.config import Settings
from cagateway.db import Database, utcnow
from cagateway.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "MFA_ROLES",
    "ROLE_SCOPES",
    "SCOPES",
    "SELF_SERVICE_ROLES",
    "SESSION_COOKIE",
    "LoginOutcome",
    "authenticate",
    "authenticate_api_token",
    "change_password",
    "check_rate",
    "confirm_totp",
    "count_users",
    "create_api_token",
    "create_user",
    "current_user_for_session",
    "disable_totp",
    "end_other_sessions",
    "end_session",
    "find_user",
    "get_user",
    "issue_email_token",
    "list_api_tokens",
    "list_sessions",
    "list_users",
    "log_in",
    "mark_session_mfa",
    "normalise_email",
    "request_password_reset",
    "reset_password",
    "revoke_api_token",
    "send_verification",
    "session_for",
    "session_needs_touch",
    "set_disabled",
    "set_role",
    "sign_up",
    "start_session",
    "start_totp_enrolment",
    "token_needs_touch",
    "totp_uri",
    "touch_api_token",
    "touch_session",
    "verify_email",
    "verify_second_factor",
    "verify_totp",
]

SESSION_COOKIE = "cagw_session"
SELF_SERVICE_ROLES = ("buyer", "representative")  # what a sign-up may choose; the rest only an admin grants
MFA_ROLES = ("moderator", "admin")  # roles that must have TOTP on
SCOPES = ("read", "rfq", "producer:edit", "moderate", "admin")
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    "buyer": ("read", "rfq"),
    "representative": ("read", "rfq", "producer:edit"),
    "moderator": ("read", "rfq", "moderate"),
    "admin": SCOPES,
}
VERIFY_HOURS = 48
PENDING_LIFETIME = dt.timedelta(minutes=10)  # a password-only session waiting for its TOTP code
RESET_MINUTES = 60
TOTP_ISSUER = "Central Asia Gateway"
_SEEN_EVERY = dt.timedelta(minutes=5)  # how often a session's or token's last use is written back


# --- users ---------------------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """The address checked for syntax (no DNS look-up) with its domain lower-cased; raises InvalidInput."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput.single("email", f"This is not an e-mail address: {exc}", email) from None
    return str(result.normalized)


def find_user(session: Session, email: str) -> User | None:
    """The user with this e-mail, whatever its case."""
    return session.scalars(select(User).where(User.email_key == email.strip().lower())).first()


def get_user(session: Session, public_id: str) -> User:
    user = session.scalars(select(User).where(User.public_id == public_id)).first()
    if user is None:
        raise NotFound(f"No user {public_id!r}. `cagateway accounts list` shows the users.")
    return user


def list_users(session: Session, role: str | None = None, limit: int = 500) -> list[User]:
    stmt = select(User).order_by(User.id).limit(limit)
    if role:
        stmt = stmt.where(User.role == role)
    return list(session.scalars(stmt))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput.single("role", f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.", role)


def create_user(
    session: Session,
    email: str,
    password: str,
    *,
    role: str = "buyer",
    display_name: str | None = None,
    verified: bool = False,
) -> User:
    """A new user (password checked against the policy, hashed with Argon2id). Raises Conflict for a taken
    e-mail. Does not audit or mail: :func:`sign_up` does, and the CLI audits its own."""
    _check_role(role)
    address = normalise_email(email)
    passwords.check_policy(password, address)
    if find_user(session, address) is not None:
        raise Conflict("An account with this e-mail exists already. Log in, or reset the password.")
    user = User(
        public_id=new_public_id(),
        email=address,
        email_key=address.lower(),
        display_name=(display_name or "").strip()[:200] or None,
        password_hash=passwords.hash_password(password),
        role=role,
        email_verified_at=utcnow() if verified else None,
        totp_enabled=False,
        disabled=False,
    )
    session.add(user)
    session.flush()
    return user


def sign_up(
    session: Session,
    settings: Settings,
    email: str,
    password: str,
    *,
    role: str = "buyer",
    display_name: str | None = None,
    ip: str | None = None,
) -> User | None:
    """Self-service sign-up as a buyer or a producer representative; mails a verification link.

    An address that has an account already gets a mail saying so (log in, or reset the password) and the caller
    gets None: the answer to the form is the same either way, so sign-up cannot be used to find out who has an
    account (the password policy is checked first, so a weak password is refused either way too)."""
    if role not in SELF_SERVICE_ROLES:
        raise InvalidInput.single(
            "role", f"Sign-up is for {' or '.join(SELF_SERVICE_ROLES)}; other roles are granted by an administrator."
        )
    address = normalise_email(email)
    passwords.check_policy(password, address)
    existing = find_user(session, address)
    if existing is not None:
        audit.record(session, "user.signup_existing", existing, {"role": role}, ip=ip)
        link = f"{settings.public_url.rstrip('/')}/reset-password"
        queue_mail(
            session,
            existing.email,
            "Someone tried to sign up with your address — Central Asia Gateway",
            "Someone (perhaps you) tried to create an account with this e-mail address, which has one already.\n\n"
            f"If it was you, log in, or choose a new password at {link}\n\nIf not, ignore this mail: "
            "nothing was changed.\n",
        )
        return None
    user = create_user(session, address, password, role=role, display_name=display_name)
    audit.record(session, "user.signup", user, {"role": role}, ip=ip)
    send_verification(session, settings, user)
    return user


def set_disabled(
    session: Session, user: User, disabled: bool, *, by: User | None = None, ip: str | None = None
) -> None:
    """Shut an account (its sessions end, its tokens stop working, it cannot log in) or open it again; audited."""
    if user.disabled == disabled:
        return
    user.disabled = disabled
    if disabled:
        _end_all_sessions(session, user)
    audit.record(session, "user.disabled" if disabled else "user.enabled", by, {"user": user.public_id}, ip=ip)


def set_role(session: Session, user: User, role: str, *, by: User | None = None, ip: str | None = None) -> None:
    """Change a user's role (audited with who did it). Ends the user's sessions, so the new rights start fresh."""
    _check_role(role)
    if user.role == role:
        return
    old, user.role = user.role, role
    _end_all_sessions(session, user)
    audit.record(session, "user.role_changed", by, {"user": user.public_id, "from": old, "to": role}, ip=ip)


def change_password(session: Session, user: User, current: str, new: str, *, ip: str | None = None) -> None:
    if not passwords.verify(user.password_hash, current):
        raise InvalidInput.single("current_password", "The current password is wrong.")
    passwords.check_policy(new, user.email)
    user.password_hash = passwords.hash_password(new)
    audit.record(session, "password.changed", user, ip=ip)


# --- e-mail tokens: verification and reset ---------------------------------------------------------------------


def issue_email_token(session: Session, user: User, purpose: str, lifetime: dt.timedelta) -> str:
    """A one-time secret for a link in a mail; only its hash is stored."""
    secret = new_secret()
    session.add(EmailToken(user_id=user.id, purpose=purpose, token_hash=digest(secret), expires_at=utcnow() + lifetime))
    session.flush()
    return secret


def _consume(session: Session, secret: str, purpose: str) -> User:
    row = session.scalars(
        select(EmailToken).where(EmailToken.token_hash == digest(secret), EmailToken.purpose == purpose)
    ).first()
    now = utcnow()
    what = "verification" if purpose == "verify" else "password reset"
    if row is None or row.used_at is not None:
        raise InvalidInput.single("token", f"This {what} link is not valid or was used already; ask for a new one.")
    if row.expires_at <= now:
        raise InvalidInput.single("token", f"This {what} link has expired; ask for a new one.")
    # Mark it used only if nobody else did in between (two clicks at once): single use on both engines.
    marked = session.execute(
        update(EmailToken).where(EmailToken.id == row.id, EmailToken.used_at.is_(None)).values(used_at=now)
    )
    if getattr(marked, "rowcount", 1) != 1:
        raise InvalidInput.single("token", f"This {what} link was used already; ask for a new one.")
    user = session.get(User, row.user_id)
    assert user is not None  # noqa: S101  (foreign key)
    return user


def send_verification(session: Session, settings: Settings, user: User) -> None:
    secret = issue_email_token(session, user, "verify", dt.timedelta(hours=VERIFY_HOURS))
    link = f"{settings.public_url.rstrip('/')}/verify-email?token={secret}"
    queue_mail(
        session,
        user.email,
        "Confirm your e-mail address — Central Asia Gateway",
        f"Welcome to Central Asia Gateway.\n\nConfirm your e-mail address by opening this link "
        f"(valid for {VERIFY_HOURS} hours):\n\n{link}\n\nIf you did not sign up, ignore this mail.\n",
    )


def verify_email(session: Session, secret: str, *, ip: str | None = None) -> User:
    user = _consume(session, secret, "verify")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record(session, "email.verified", user, ip=ip)
    return user


def request_password_reset(session: Session, settings: Settings, email: str, *, ip: str | None = None) -> None:
    """Mail a reset link if the account exists; says nothing either way (no account discovery)."""
    user = find_user(session, email)
    if user is None or user.disabled:
        audit.record(session, "password.reset_requested", None, {"known": False}, ip=ip, email=email[:320])
        return
    secret = issue_email_token(session, user, "reset", dt.timedelta(minutes=RESET_MINUTES))
    link = f"{settings.public_url.rstrip('/')}/reset-password?token={secret}"
    queue_mail(
        session,
        user.email,
        "Reset your password — Central Asia Gateway",
        f"Someone asked to reset the password of this account. To choose a new one, open this link "
        f"(valid for {RESET_MINUTES} minutes, once):\n\n{link}\n\nIf it was not you, ignore this mail.\n",
    )
    audit.record(session, "password.reset_requested", user, {"known": True}, ip=ip)


def reset_password(session: Session, secret: str, new_password: str, *, ip: str | None = None) -> User:
    """Set a new password with a reset link's secret (single use, expiring); ends every session of the user."""
    user = _consume(session, secret, "reset")
    passwords.check_policy(new_password, user.email)
    user.password_hash = passwords.hash_password(new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link reached the mailbox: the address is proven
    _end_all_sessions(session, user)
    audit.record(session, "password.reset", user, ip=ip)
    return user


# --- log-in and sessions ---------------------------------------------------------------------------------------


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, else None. An unknown e-mail costs a dummy Argon2 check,
    so the time taken does not tell which addresses have accounts."""
    user = find_user(session, email)
    if user is None:
        passwords.verify_dummy(password)
        return None
    if not passwords.verify(user.password_hash, password) or user.disabled:
        return None
    return user


def start_session(
    session: Session,
    settings: Settings,
    user: User,
    *,
    pending: bool = False,
    mfa: bool = False,
    ip: str | None = None,
    user_agent: str | None = None,
) -> str:
    """A new session for ``user``; returns its id (the cookie value), of which only the hash is stored."""
    secret = new_secret()
    now = utcnow()
    session.add(
        UserSession(
            token_hash=digest(secret),
            user_id=user.id,
            pending=pending,
            mfa=mfa,
            created_at=now,
            last_seen_at=now,
            expires_at=now + (PENDING_LIFETIME if pending else dt.timedelta(days=settings.session_days)),
            ip=(ip or "")[:64] or None,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    session.flush()
    return secret


def session_for(session: Session, session_id: str, *, pending: bool = False) -> UserSession | None:
    """The live (not ended, not expired) session with this id; ``pending`` ones only when asked for."""
    if not session_id or len(session_id) > 200:
        return None
    row = session.scalars(select(UserSession).where(UserSession.token_hash == digest(session_id))).first()
    if row is None or row.ended_at is not None or row.expires_at <= utcnow() or row.pending != pending:
        return None
    if row.user.disabled:
        return None
    return row


def current_user_for_session(session: Session, session_id: str) -> tuple[User, UserSession] | None:
    """The logged-in user of a session id (a cookie value), with the session; None if it is not a live,
    complete (second factor given where needed) session."""
    row = session_for(session, session_id)
    return (row.user, row) if row is not None else None


def session_needs_touch(row: UserSession) -> bool:
    """Whether the session's last use is old enough to be written back (a write per request would be too many)."""
    return utcnow() - row.last_seen_at >= _SEEN_EVERY


def touch_session(session: Session, session_row_id: int) -> None:
    session.execute(update(UserSession).where(UserSession.id == session_row_id).values(last_seen_at=utcnow()))


def mark_session_mfa(session: Session, session_id: str) -> None:
    """Count a live session as two-factor from now on (its user just gave a TOTP code while enrolling)."""
    row = session_for(session, session_id)
    if row is not None:
        row.mfa = True


def end_session(session: Session, session_id: str, *, ip: str | None = None) -> None:
    """Log out: end the session (pending or complete) with this id."""
    row = session_for(session, session_id) or session_for(session, session_id, pending=True)
    if row is None:
        return
    row.ended_at = utcnow()
    audit.record(session, "logout", row.user, ip=ip)


def list_sessions(session: Session, user: User) -> list[UserSession]:
    """The user's live, complete sessions, most recently used first."""
    return list(
        session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
                UserSession.pending.is_(False),
                UserSession.expires_at > utcnow(),
            )
            .order_by(UserSession.last_seen_at.desc())
        )
    )


def end_other_sessions(session: Session, user: User, keep_session_id: str, *, ip: str | None = None) -> int:
    """Log out everywhere else: end every session of the user except the one with ``keep_session_id``."""
    result = session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.token_hash != digest(keep_session_id),
        )
        .values(ended_at=utcnow())
    )
    ended = int(getattr(result, "rowcount", 0) or 0)
    audit.record(session, "logout.others", user, {"sessions": ended}, ip=ip)
    return ended


def _end_all_sessions(session: Session, user: User) -> None:
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


@dataclass
class LoginOutcome:
    """What a log-in attempt came to. ``session_id`` is the new cookie value; ``pending`` means the TOTP code
    is still to come (at /login/totp); ``error`` and ``status`` say why it failed."""

    user: User | None = None
    session_id: str | None = None
    pending: bool = False
    error: str | None = None
    status: int = 200
    retry_after: int | None = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


def _throttle(db: Database, settings: Settings, email: str, ip: str | None) -> LoginOutcome | None:
    if not settings.rate_limits:
        return None
    checks = [("login-ip", ip or "unknown", settings.login_limit_ip)]
    checks.append(("login-account", email.strip().lower(), settings.login_limit_account))
    for name, subject, limit in checks:
        result = hit(db, name, subject, limit, settings.login_window_minutes * 60)
        if not result.allowed:
            if result.count == limit + 1:  # the first refused attempt of the window is audited, not each one
                with db.writer() as session:
                    audit.record(session, "login.throttled", None, {"limit": name}, ip=ip, email=email[:320])
            minutes = max(1, round(result.retry_after / 60))
            return LoginOutcome(
                error=f"Too many log-in attempts. Wait {minutes} minute(s) and try again, or reset the password.",
                status=429,
                retry_after=result.retry_after,
            )
    return None


def log_in(
    db: Database,
    settings: Settings,
    email: str,
    password: str,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    old_session_id: str | None = None,
) -> LoginOutcome:
    """The whole password step of a log-in: rate limits (per IP and per account, in the database), the Argon2
    check, the audit record and a new session (a new id: any ``old_session_id`` is ended, never reused).
    A user with TOTP gets a *pending* session that :func:`verify_second_factor` completes."""
    throttled = _throttle(db, settings, email, ip)
    if throttled is not None:
        return throttled
    with db.session() as session:
        user = authenticate(session, email, password)
    with db.writer() as session:
        if user is None:
            audit.record(session, "login.failure", None, ip=ip, email=email.strip()[:320])
            return LoginOutcome(error="The e-mail or the password is wrong.", status=401)
        user = session.merge(user)
        if old_session_id:
            end_old = session_for(session, old_session_id) or session_for(session, old_session_id, pending=True)
            if end_old is not None:
                end_old.ended_at = utcnow()
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        pending = user.totp_enabled
        sid = start_session(session, settings, user, pending=pending, ip=ip, user_agent=user_agent)
        audit.record(session, "login.password_ok" if pending else "login.success", user, ip=ip)
        return LoginOutcome(user=user, session_id=sid, pending=pending)


def verify_second_factor(
    db: Database,
    settings: Settings,
    pending_session_id: str,
    code: str,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
) -> LoginOutcome:
    """The TOTP step: a right code turns the pending session into a complete one under a *new* id."""
    with db.session() as session:
        row = session_for(session, pending_session_id, pending=True)
        if row is None:
            return LoginOutcome(error="The log-in has expired; log in again.", status=401)
        user = row.user
    if settings.rate_limits:
        result = hit(db, "totp", user.public_id, settings.login_limit_account, settings.login_window_minutes * 60)
        if not result.allowed:
            return LoginOutcome(
                error="Too many wrong codes. Wait and log in again.", status=429, retry_after=result.retry_after
            )
    with db.writer() as session:
        row = session_for(session, pending_session_id, pending=True)
        if row is None:
            return LoginOutcome(error="The log-in has expired; log in again.", status=401)
        user = row.user
        if not verify_totp(user, code):
            audit.record(session, "login.totp_failure", user, ip=ip)
            return LoginOutcome(error="The code is wrong or was used already; enter the current one.", status=401)
        row.ended_at = utcnow()
        sid = start_session(session, settings, user, mfa=True, ip=ip, user_agent=user_agent)
        audit.record(session, "login.success", user, {"second_factor": "totp"}, ip=ip)
        return LoginOutcome(user=user, session_id=sid)


# --- TOTP --------------------------------------------------------------------------------------------------------


def totp_uri(user: User) -> str:
    """The otpauth:// URI of the user's TOTP secret (for an authenticator app's QR code)."""
    if not user.totp_secret:
        raise Conflict("TOTP enrolment has not been started for this account.")
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def start_totp_enrolment(session: Session, user: User) -> str:
    """A new TOTP secret, not yet on: :func:`confirm_totp` with a code from the app switches it on. Returns the
    otpauth URI. Refused while TOTP is on (turn it off first, with a code)."""
    if user.totp_enabled:
        raise Conflict("TOTP is on already. Turn it off first (with a current code) to enrol a new device.")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    session.flush()
    return totp_uri(user)


def verify_totp(user: User, code: str) -> bool:
    """Whether ``code`` is the user's current TOTP code (±1 step of 30 s for clock drift), never one used before:
    an accepted step is remembered, so a code cannot be replayed."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if not user.totp_secret or len(digits) != 6:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = time.time()
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        if totp.verify(digits, for_time=int(moment), valid_window=0):
            step = totp.timecode(dt.datetime.fromtimestamp(moment, dt.UTC))
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def confirm_totp(session: Session, user: User, code: str, *, ip: str | None = None) -> None:
    if user.totp_secret is None:
        raise Conflict("Start TOTP enrolment first: the account page shows the QR code.")
    if not verify_totp(user, code):
        raise InvalidInput.single("code", "The code is wrong; enter the 6 digits your app shows now.")
    user.totp_enabled = True
    audit.record(session, "totp.enabled", user, ip=ip)


def disable_totp(session: Session, user: User, code: str, *, ip: str | None = None) -> None:
    if not user.totp_enabled:
        return
    if not verify_totp(user, code):
        raise InvalidInput.single("code", "The code is wrong; enter the 6 digits your app shows now.")
    user.totp_enabled = False
    user.totp_secret = None
    audit.record(session, "totp.disabled", user, ip=ip)


# --- API tokens ----------------------------------------------------------------------------------------------------

API_TOKEN_PREFIX = "cagw_"  # noqa: S105  (a marker, not a secret)


def create_api_token(
    session: Session, user: User, name: str, scopes: list[str], *, ip: str | None = None
) -> tuple[ApiToken, str]:
    """A new API token; returns the row and the secret, which is shown this once and never stored."""
    clean = sorted(set(scopes))
    unknown = [s for s in clean if s not in SCOPES]
    if unknown:
        raise InvalidInput.single("scopes", f"Unknown scope(s) {', '.join(unknown)}; use: {', '.join(SCOPES)}.")
    if not clean:
        raise InvalidInput.single("scopes", f"Choose at least one scope: {', '.join(SCOPES)}.")
    beyond = [s for s in clean if s not in ROLE_SCOPES[user.role]]
    if beyond:
        raise Forbidden(f"A {user.role} cannot hold the scope(s) {', '.join(beyond)}.")
    label = name.strip()[:100]
    if not label:
        raise InvalidInput.single("name", "Give the token a name, e.g. the script that will use it.")
    secret = new_secret(API_TOKEN_PREFIX)
    token = ApiToken(user_id=user.id, name=label, prefix=secret[:12], token_hash=digest(secret), scopes=clean)
    session.add(token)
    session.flush()
    audit.record(session, "token.created", user, {"token": token.id, "name": label, "scopes": clean}, ip=ip)
    return token, secret


def list_api_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke_api_token(session: Session, user: User, token_id: int, *, ip: str | None = None) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such API token of yours.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, "token.revoked", user, {"token": token.id, "name": token.name}, ip=ip)


def authenticate_api_token(session: Session, secret: str) -> tuple[User, ApiToken]:
    """The user and token of a bearer secret (read only); raises Unauthorized for an unknown or revoked one. The
    scopes it grants are those it was given that the user's role still allows (ROLE_SCOPES)."""
    if not secret.startswith(API_TOKEN_PREFIX) or len(secret) > 200:
        raise Unauthorized("This is not an API token of Central Asia Gateway; create one on your account page.")
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(secret))).first()
    if token is None or token.revoked_at is not None or token.user.disabled:
        raise Unauthorized("This API token is unknown or revoked; create a new one on your account page.")
    return token.user, token


def token_needs_touch(token: ApiToken) -> bool:
    """Whether the token's last use is old enough to be written back (at most every few minutes per token)."""
    return token.last_used_at is None or utcnow() - token.last_used_at >= _SEEN_EVERY


def touch_api_token(session: Session, token_id: int, *, ip: str | None = None) -> None:
    """Record a use of the token: its last use, and a ``token.used`` audit event (so at most every few minutes)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        return
    token.last_used_at = utcnow()
    audit.record(session, "token.used", token.user, {"token": token.id, "name": token.name}, ip=ip)


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def check_rate(db: Database, settings: Settings, name: str, subject: str, *, limit: int, window: int) -> None:
    """Count one hit and raise TooManyRequests when over ``limit`` (sign-up, reset)."""
    if not settings.rate_limits:
        return
    result = hit(db, name, subject, limit, window)
    if not result.allowed:
        minutes = max(1, round(result.retry_after / 60))
        raise TooManyRequests(
            f"Too many requests from your address; try again in {minutes} minute(s).", result.retry_after
        )
