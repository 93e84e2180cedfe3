// The PostgreSQL schema, as migrations that mirror server/storage/migrations.ts one for one (same
// ids and names, so a database's history reads the same on both). Append only, in id order (a mirrored
// migration added later goes before the 101s; a database applies every id it lacks). The differences are
// PostgreSQL's, not the schema's: REAL is double precision; AUTOINCREMENT is bigserial; tables whose
// lists break ties on SQLite's rowid get a `seq bigserial` for the same order; the case-insensitive
// e-mail is a unique index on lower(email). Timestamps stay ISO text, as in SQLite, so both adapters
// return identical values. Ids from 101 are PostgreSQL's own: state that SQLite keeps in one process
// (request rate and in-flight slots) and guards that SQLite gets from its single writer.
export const pgMigrations: { id: number; name: string; sql: string }[] = [
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
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('student', 'staff')),
        section TEXT,
        locale TEXT NOT NULL DEFAULT 'en',
        created_at TEXT NOT NULL,
        last_sign_in_at TEXT
      );
      CREATE UNIQUE INDEX users_email_nocase ON users (lower(email));
      CREATE TABLE access_tokens (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
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
      CREATE TABLE usage_counters (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        tokens_used BIGINT NOT NULL DEFAULT 0,
        tokens_reserved BIGINT NOT NULL DEFAULT 0,
        requests_used BIGINT NOT NULL DEFAULT 0,
        requests_reserved BIGINT NOT NULL DEFAULT 0,
        cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, scope)
      );
      CREATE TABLE model_calls (
        id BIGSERIAL PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        ok INTEGER NOT NULL,
        charged INTEGER NOT NULL,
        prompt_tokens BIGINT NOT NULL,
        completion_tokens BIGINT NOT NULL,
        cost_usd DOUBLE PRECISION NOT NULL,
        latency_ms BIGINT NOT NULL,
        cache_hit INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX model_calls_user ON model_calls(user_id, scope);
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
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
        points DOUBLE PRECISION,
        max_points DOUBLE PRECISION NOT NULL,
        metric DOUBLE PRECISION,
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
    sql: `
      ALTER TABLE sessions ADD COLUMN token_id TEXT REFERENCES access_tokens(id) ON DELETE CASCADE;
      ALTER TABLE sessions ADD COLUMN made_with TEXT NOT NULL DEFAULT 'unknown' CHECK (made_with IN ('token', 'code', 'unknown'));
      CREATE INDEX sessions_token ON sessions(token_id);`,
  },
  {
    id: 4,
    name: 'submission failure kinds and summary columns',
    sql: `
      ALTER TABLE submissions ADD COLUMN failure_kind TEXT CHECK (failure_kind IN ('program', 'infrastructure'));
      ALTER TABLE submissions ADD COLUMN failure_reason TEXT;
      ALTER TABLE submissions ADD COLUMN cases_total INTEGER;
      ALTER TABLE submissions ADD COLUMN cases_errored INTEGER;
      ALTER TABLE submissions ADD COLUMN cases_correct INTEGER;
      UPDATE submissions SET failure_kind = 'infrastructure', failure_reason = COALESCE(error, 'failed before failure kinds were recorded')
      WHERE status = 'failed';`,
  },
  {
    id: 5,
    name: 'deadlines: lateness of submissions, extensions and their audit',
    sql: `
      ALTER TABLE submissions ADD COLUMN late_status TEXT CHECK (late_status IN ('on-time', 'grace', 'late'));
      ALTER TABLE submissions ADD COLUMN late_ms BIGINT;
      ALTER TABLE submissions ADD COLUMN penalty_percent DOUBLE PRECISION;
      ALTER TABLE submissions ADD COLUMN final_points DOUBLE PRECISION;
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
      CREATE TABLE extension_audit (
        id BIGSERIAL PRIMARY KEY,
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
    sql: `
      ALTER TABLE submissions ADD COLUMN previous_points DOUBLE PRECISION;
      ALTER TABLE submissions ADD COLUMN previous_status TEXT;
      ALTER TABLE submissions ADD COLUMN regraded_at TEXT;
      CREATE TABLE regrade_jobs (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        task_id TEXT NOT NULL,
        requested_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      );
      CREATE TABLE regrade_job_items (
        job_id TEXT NOT NULL REFERENCES regrade_jobs(id) ON DELETE CASCADE,
        submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        old_status TEXT NOT NULL,
        old_points DOUBLE PRECISION,
        PRIMARY KEY (job_id, submission_id)
      );
      CREATE INDEX submissions_created ON submissions(created_at);
      CREATE INDEX submissions_task_created ON submissions(task_id, created_at);`,
  },
  {
    id: 7,
    name: 'staff analysis jobs (prompt similarity, reference grading)',
    sql: `
      CREATE TABLE analysis_jobs (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
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
    // The same columns as SQLite's migration 8 (see there for why): the lease holder and its expiry
    // in ms since the epoch, progress in the row, the dead-letter mark.
    sql: `
      ALTER TABLE submissions ADD COLUMN lease_owner TEXT;
      ALTER TABLE submissions ADD COLUMN lease_expires_at BIGINT;
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
    // SQLite's migration 9 (see there for why). The request slots and starts are already here from
    // migration 101, so this one adds the instances, the reservations with their owner, and the
    // owner of a running analysis job.
    sql: `
      CREATE TABLE server_instances (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        started_at TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE usage_reservations (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        user_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        tokens BIGINT NOT NULL
      );
      CREATE INDEX usage_reservations_owner ON usage_reservations(owner);
      UPDATE usage_counters SET tokens_reserved = 0, requests_reserved = 0;
      ALTER TABLE analysis_jobs ADD COLUMN owner TEXT;`,
  },
  {
    id: 10,
    name: 'shared failure counts (failed sign-in throttle)',
    // SQLite's migration 10 (see there for why), in RateLimiterPostgres's layout (its upsert inserts
    // by position: key, points, expire in ms).
    sql: `
      CREATE TABLE failure_counts (
        key TEXT PRIMARY KEY,
        points INTEGER NOT NULL DEFAULT 0,
        expire BIGINT
      );`,
  },
  {
    id: 11,
    name: 'request slots and reservations: fewer b-trees to write',
    // SQLite's migration 11 (see there for why) clusters both tables on their keys; PostgreSQL's
    // tables are heaps either way, so only the reservations' owner index goes, for the same reason
    // (the sweep's NOT IN reads every row of a table that only holds the calls in flight).
    sql: `
      DROP INDEX usage_reservations_owner;`,
  },
  {
    id: 101,
    name: 'shared request limits; one running analysis job per task and kind',
    // Slots of requests in flight expire (a crashed instance's slots free themselves); the starts of
    // the last minute make the rate window. The partial unique index is what SQLite's single writer
    // gave for free: two instances starting the same analysis get one job.
    sql: `
      CREATE TABLE request_slots (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX request_slots_user ON request_slots(user_id);
      CREATE TABLE request_starts (
        user_id TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX request_starts_user ON request_starts(user_id, at);
      CREATE UNIQUE INDEX analysis_jobs_one_running ON analysis_jobs(task_id, kind) WHERE state = 'running';`,
  },
];
