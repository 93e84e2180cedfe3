// Schema changes, applied in order on open. Append only: never edit a migration that has shipped.
export const migrations: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'response cache',
    sql: `
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      );`,
  },
  {
    id: 2,
    name: 'accounts, sessions, drafts, usage, submissions',
    // Secrets (personal tokens, session ids, one-time codes) are stored only as sha256 hashes.
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('student', 'staff')),
        section TEXT,
        locale TEXT NOT NULL DEFAULT 'en',
        created_at TEXT NOT NULL,
        last_sign_in_at TEXT
      );
      CREATE TABLE access_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX access_tokens_user ON access_tokens(user_id);
      CREATE TABLE sign_in_codes (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE drafts (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        program TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, task_id)
      );
      -- Running totals per student and budget scope (an assignment), checked and updated in one
      -- statement, so concurrent requests cannot both pass the check on the same remaining budget.
      CREATE TABLE usage_counters (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        tokens_used INTEGER NOT NULL DEFAULT 0,
        tokens_reserved INTEGER NOT NULL DEFAULT 0,
        requests_used INTEGER NOT NULL DEFAULT 0,
        requests_reserved INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, scope)
      );
      -- One row per model call: who, what, how much, how long, from the cache or not.
      CREATE TABLE model_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        ok INTEGER NOT NULL,
        charged INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        latency_ms INTEGER NOT NULL,
        cache_hit INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX model_calls_user ON model_calls(user_id, scope);
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        task_version TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'grade',
        program TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'grading', 'graded', 'failed')),
        lease TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        grade_count INTEGER NOT NULL DEFAULT 0,
        points REAL,
        max_points REAL NOT NULL,
        metric REAL,
        report TEXT,
        error TEXT,
        day TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        graded_at TEXT
      );
      CREATE INDEX submissions_user_task ON submissions(user_id, task_id, day);
      CREATE INDEX submissions_status ON submissions(status, created_at);`,
  },
  {
    id: 3,
    name: 'sessions remember the credential they were made with',
    // A session made with a personal token ends when that token is revoked or re-issued; one made
    // with a one-time sign-in code (staff) is tied to no token. Sessions from before this migration
    // are 'unknown' and end at the next revoke or re-issue of their user's token (the safe side).
    sql: `
      ALTER TABLE sessions ADD COLUMN token_id TEXT REFERENCES access_tokens(id) ON DELETE CASCADE;
      ALTER TABLE sessions ADD COLUMN made_with TEXT NOT NULL DEFAULT 'unknown' CHECK (made_with IN ('token', 'code', 'unknown'));
      CREATE INDEX sessions_token ON sessions(token_id);`,
  },
  {
    id: 4,
    name: 'submission failure kinds and summary columns',
    // Why a submission failed, in two parts: whose fault it was ('program': the student's, counts
    // against the daily limit; 'infrastructure': the server's, does not) and the staff-visible
    // reason (the student-facing message stays in \`error\`). The case counts sit beside points and
    // metric so that lists never parse a report (~20 KB each); they are written in the same UPDATE
    // as the report, and backfilled here from the reports already stored.
    sql: `
      ALTER TABLE submissions ADD COLUMN failure_kind TEXT CHECK (failure_kind IN ('program', 'infrastructure'));
      ALTER TABLE submissions ADD COLUMN failure_reason TEXT;
      ALTER TABLE submissions ADD COLUMN cases_total INTEGER;
      ALTER TABLE submissions ADD COLUMN cases_errored INTEGER;
      ALTER TABLE submissions ADD COLUMN cases_correct INTEGER;
      UPDATE submissions SET
        cases_total = json_extract(report, '$.counts.total'),
        cases_errored = json_extract(report, '$.counts.errored'),
        cases_correct = json_extract(report, '$.counts.correct')
      WHERE report IS NOT NULL AND json_valid(report);
      -- Failures before this migration never counted against the daily limit: keep it that way.
      UPDATE submissions SET failure_kind = 'infrastructure', failure_reason = COALESCE(error, 'failed before failure kinds were recorded')
      WHERE status = 'failed';`,
  },
  {
    id: 5,
    name: 'deadlines: lateness of submissions, extensions and their audit',
    // Lateness sits beside the points as summary columns (lists and the grades CSV never parse a
    // report): the status against the student's effective due date, how late, the penalty and the
    // final points (points = raw). They follow the *current* policy and extensions: written at
    // submit and grade time, and recomputed at start (the assignment file may have changed) and
    // when an extension changes; a submission is never re-graded for it. Self-contained: it touches
    // only the submissions columns below and its own two tables.
    sql: `
      ALTER TABLE submissions ADD COLUMN late_status TEXT CHECK (late_status IN ('on-time', 'grace', 'late'));
      ALTER TABLE submissions ADD COLUMN late_ms INTEGER;
      ALTER TABLE submissions ADD COLUMN penalty_percent REAL;
      ALTER TABLE submissions ADD COLUMN final_points REAL;
      UPDATE submissions SET final_points = points, penalty_percent = 0 WHERE points IS NOT NULL;
      CREATE TABLE extensions (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        due TEXT NOT NULL,
        cutoff TEXT,
        note TEXT,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (user_id, task_id)
      );
      -- Every grant and revoke, who and when; never updated or deleted (kept when the extension goes).
      CREATE TABLE extension_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
        due TEXT,
        cutoff TEXT,
        note TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX extension_audit_user ON extension_audit(user_id, task_id);`,
  },
  {
    id: 6,
    name: 'grading desk: regrade history and bulk regrade jobs',
    // A re-grade keeps the result it replaces (points and status before it, and when it was asked
    // for), so staff can compare old and new without a history table. A bulk re-grade of a task is a
    // job row plus one item per submission it re-queued, holding the points before; progress and the
    // list of changed points are read from the submissions themselves, so any process can answer.
    sql: `
      ALTER TABLE submissions ADD COLUMN previous_points REAL;
      ALTER TABLE submissions ADD COLUMN previous_status TEXT;
      ALTER TABLE submissions ADD COLUMN regraded_at TEXT;
      CREATE TABLE regrade_jobs (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL,
        requested_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      );
      CREATE TABLE regrade_job_items (
        job_id TEXT NOT NULL REFERENCES regrade_jobs(id) ON DELETE CASCADE,
        submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        old_status TEXT NOT NULL,
        old_points REAL,
        PRIMARY KEY (job_id, submission_id)
      );
      -- The staff list pages newest first: read from this index, a page never sorts the whole table.
      CREATE INDEX submissions_created ON submissions(created_at);
      CREATE INDEX submissions_task_created ON submissions(task_id, created_at);`,
  },
  {
    id: 7,
    name: 'staff analysis jobs (prompt similarity, reference grading)',
    // Background work staff start from the analysis pages. State and progress live in the row, so
    // any server instance answers a poll; the result is JSON (similar pairs, or the reference
    // program's report) read whole by the page that shows it. A restart ends a running job as failed.
    sql: `
      CREATE TABLE analysis_jobs (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('similarity', 'reference')),
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        params TEXT NOT NULL,
        result TEXT,
        error TEXT,
        requested_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX analysis_jobs_task ON analysis_jobs(task_id, kind, created_at);`,
  },
  {
    id: 8,
    name: 'grading leases with expiry, progress in the row',
    // A claimed submission carries who holds it and until when (ms since the epoch). Its worker
    // renews the lease while it grades (a heartbeat); a lease that runs out belongs to a worker that
    // died, and only then is the submission taken back, so a second process on the same database
    // never takes live work (no "requeue everything at start"). A row claimed before this migration
    // has no expiry: it is reclaimable at once, as the old start-up did. Progress sits in the row so
    // that a web process shows the progress of a grading another process runs. A submission the
    // queue gave up on (attempts used up by infrastructure failures or dead workers; pg-boss's dead
    // letter queue) is marked dead-lettered, with the queue's reason, for the staff queue view.
    sql: `
      ALTER TABLE submissions ADD COLUMN lease_owner TEXT;
      ALTER TABLE submissions ADD COLUMN lease_expires_at INTEGER;
      ALTER TABLE submissions ADD COLUMN progress_done INTEGER;
      ALTER TABLE submissions ADD COLUMN progress_total INTEGER;
      ALTER TABLE submissions ADD COLUMN progress_errored INTEGER;
      ALTER TABLE submissions ADD COLUMN dead_lettered_at TEXT;
      ALTER TABLE submissions ADD COLUMN dead_letter_reason TEXT;
      UPDATE submissions SET lease_expires_at = 0 WHERE status = 'grading';
      CREATE INDEX submissions_lease_expiry ON submissions(status, lease_expires_at);`,
  },
  {
    id: 9,
    name: 'shared state: request limits, instances, reservations with owners',
    // Several processes share one database file (serve --role web, workers): what one process kept in
    // memory is now rows. Request slots (in flight; they expire, so a crashed process's slots free
    // themselves) and request starts (the last minute's, the rate window) mirror PostgreSQL's
    // migration 101. A process announces itself in server_instances and renews its expiry (a
    // heartbeat); a budget reservation and a running analysis job name the process that owns them,
    // and a process starting releases only what belongs to processes whose expiry has passed.
    // Reservations made before this migration have no row: they are released here, as the old
    // start-up did.
    sql: `
      CREATE TABLE request_slots (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX request_slots_user ON request_slots(user_id);
      CREATE TABLE request_starts (
        user_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX request_starts_user ON request_starts(user_id, at);
      CREATE TABLE server_instances (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        started_at TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE usage_reservations (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        user_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        tokens INTEGER NOT NULL
      );
      CREATE INDEX usage_reservations_owner ON usage_reservations(owner);
      UPDATE usage_counters SET tokens_reserved = 0, requests_reserved = 0;
      ALTER TABLE analysis_jobs ADD COLUMN owner TEXT;`,
  },
  {
    id: 10,
    name: 'shared failure counts (failed sign-in throttle)',
    // Failed sign-ins were counted per process in memory, so each process allowed the whole limit:
    // now every process on the database counts into these rows (server/accounts/failure-limiter.ts).
    // The layout is rate-limiter-flexible's own (RateLimiterSQLite: key, points, expire in ms; its
    // upsert inserts by position), created here rather than by the library at the first failure.
    sql: `
      CREATE TABLE failure_counts (
        key TEXT PRIMARY KEY,
        points INTEGER NOT NULL DEFAULT 0,
        expire INTEGER
      );`,
  },
  {
    id: 11,
    name: 'request slots and reservations: fewer b-trees to write',
    // Every gateway request inserts and deletes a slot and a reservation, each in its own commit,
    // and a commit writes every page it touched to the WAL. As rowid tables with a text primary key
    // and an index, each insert or delete touched three b-trees (the table, the key's index, the
    // other index); clustered on their key (WITHOUT ROWID) they touch one. A slot is keyed by its
    // user first, so counting a user's slots reads a range of that one tree. The index on a
    // reservation's owner goes: the only query by owner (the sweep's NOT IN) scans every row
    // anyway, and the table only holds the calls in flight.
    sql: `
      CREATE TABLE request_slots_clustered (
        user_id TEXT NOT NULL,
        id TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, id)
      ) WITHOUT ROWID;
      INSERT INTO request_slots_clustered (user_id, id, expires_at) SELECT user_id, id, expires_at FROM request_slots;
      DROP TABLE request_slots;
      ALTER TABLE request_slots_clustered RENAME TO request_slots;
      CREATE TABLE usage_reservations_clustered (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        user_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        tokens INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO usage_reservations_clustered (id, owner, user_id, scope, tokens) SELECT id, owner, user_id, scope, tokens FROM usage_reservations;
      DROP TABLE usage_reservations;
      ALTER TABLE usage_reservations_clustered RENAME TO usage_reservations;`,
  },
];
