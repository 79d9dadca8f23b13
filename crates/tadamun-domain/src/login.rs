//! The rules of signing in: how failed attempts slow down and then lock an account,
//! what stage a session is at, and what kind of client holds it. Pure: the store keeps
//! the counters and times, the web layer asks these functions what they mean.

use time::{Duration, OffsetDateTime};

/// Failures allowed before each further one makes the next attempt wait.
pub const FREE_FAILURES: i64 = 3;
/// The longest wait between attempts before the lockout.
pub const MAX_DELAY: Duration = Duration::seconds(60);
/// Failures in a row that lock the account.
pub const LOCK_AFTER: i64 = 10;
/// How long a lockout lasts (an administrator may lift it sooner).
pub const LOCK_FOR: Duration = Duration::minutes(15);

/// What a run of `failures` consecutive failures, the last one at `now`, imposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Penalty {
    /// No attempt is judged before this time (the progressive delay).
    pub next_attempt_at: Option<OffsetDateTime>,
    /// The account refuses even the right password until this time.
    pub locked_until: Option<OffsetDateTime>,
}

/// After 3 failures each further one waits 2^(n-3) seconds, capped at a minute;
/// the 10th locks the account for 15 minutes.
pub fn penalty(failures: i64, now: OffsetDateTime) -> Penalty {
    if failures >= LOCK_AFTER {
        let until = now + LOCK_FOR;
        return Penalty {
            next_attempt_at: Some(until),
            locked_until: Some(until),
        };
    }
    let next_attempt_at = (failures > FREE_FAILURES).then(|| {
        let exp = (failures - FREE_FAILURES).min(16) as u32;
        now + Duration::seconds(2i64.pow(exp)).min(MAX_DELAY)
    });
    Penalty {
        next_attempt_at,
        locked_until: None,
    }
}

text_enum!(
    /// How far a session has got. Only `full` sessions reach pages and the API.
    /// `password_ok`: the password was right, the TOTP or a recovery code is still due.
    /// `enrol`: the password was right, the user's roles demand 2FA and none is
    /// enrolled, so only the enrolment page is open.
    SessionStage, "stage" {
        PasswordOk => "password_ok",
        Enrol => "enrol",
        Full => "full",
    }
);

text_enum!(
    /// Who holds the token: a browser (cookie) or an API client (bearer header). A token
    /// works only in its own channel.
    SessionKind, "kind" { Browser => "browser", Api => "api" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free_then_each_one_doubles_the_wait() {
        let now = OffsetDateTime::UNIX_EPOCH;
        for n in 0..=FREE_FAILURES {
            assert_eq!(penalty(n, now).next_attempt_at, None, "{n}");
        }
        assert_eq!(
            penalty(4, now).next_attempt_at,
            Some(now + Duration::seconds(2))
        );
        assert_eq!(
            penalty(5, now).next_attempt_at,
            Some(now + Duration::seconds(4))
        );
        assert_eq!(
            penalty(9, now).next_attempt_at,
            Some(now + Duration::seconds(60))
        );
        assert_eq!(penalty(9, now).locked_until, None);
    }

    #[test]
    fn the_tenth_failure_locks_the_account_for_a_quarter_hour() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let p = penalty(LOCK_AFTER, now);
        assert_eq!(p.locked_until, Some(now + Duration::minutes(15)));
        assert_eq!(penalty(LOCK_AFTER + 5, now).locked_until, p.locked_until);
    }
}
