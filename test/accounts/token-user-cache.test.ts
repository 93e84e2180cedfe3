// The remembered token -> user lookup: it saves the database round trips on every gateway request,
// and must never let a revoked or re-issued token in, whether the change happened in this process
// (staff API) or in another connection to the same database file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../server/accounts/accounts.js';
import { createTokenUserCache } from '../../server/accounts/token-user-cache.js';
import type { User } from '../../server/core/api.js';
import { openDatabase, type SqliteDatabase } from '../../server/storage/open-database.js';
import { sqliteStores } from '../../server/storage/sqlite-stores.js';
import { defaultQuotas } from '../storage/store-contract.js';

const ada: User = { id: 'u_ada', email: 'ada@example.edu', name: 'Ada', role: 'student', section: null, locale: 'en' };

describe('createTokenUserCache', () => {
  function cache(options: { version?: () => number; now?: () => number } = {}) {
    const lookups: string[] = [];
    const known = new Map([['fms_ada', ada]]);
    const tokens = createTokenUserCache({
      lookup: async (token) => {
        lookups.push(token);
        return known.get(token) ?? null;
      },
      dataVersion: options.version ?? (() => 1),
      now: options.now ?? (() => 0),
      ttlMs: 1_000,
    });
    return { tokens, lookups, known };
  }

  it('looks a known token up once, then answers from memory', async () => {
    const { tokens, lookups } = cache();
    expect(await tokens.get('fms_ada')).toEqual(ada);
    expect(await tokens.get('fms_ada')).toEqual(ada);
    expect(lookups).toEqual(['fms_ada']);
  });

  it('never remembers an unknown token (it may be issued a moment later)', async () => {
    const { tokens, lookups, known } = cache();
    expect(await tokens.get('fms_new')).toBeNull();
    known.set('fms_new', ada);
    expect(await tokens.get('fms_new')).toEqual(ada);
    expect(lookups).toEqual(['fms_new', 'fms_new']);
  });

  it('forgets on clear(), after the time to live, and when the data version moves', async () => {
    let now = 0;
    let version = 1;
    const { tokens, lookups } = cache({ now: () => now, version: () => version });
    await tokens.get('fms_ada');
    tokens.clear();
    await tokens.get('fms_ada');
    now = 999;
    await tokens.get('fms_ada');
    now = 1_000;
    await tokens.get('fms_ada');
    version = 2;
    await tokens.get('fms_ada');
    expect(lookups).toHaveLength(4);
  });
});

describe('accounts.userForToken with the cache', () => {
  const dirs: string[] = [];
  const dbs: SqliteDatabase[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  async function setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-cache-'));
    dirs.push(dir);
    const file = path.join(dir, 'sandbox.db');
    const db = openDatabase(file);
    dbs.push(db);
    const clock = { now: () => Date.now() };
    const stores = sqliteStores(db, { clock, quotas: defaultQuotas, sessionDays: 1 });
    const accounts = createAccounts(stores, clock, { changeVersion: stores.changeVersion });
    const user = await accounts.users.create({ email: 'ada@example.edu', name: 'Ada', role: 'student' });
    return { file, db, accounts, user, token: await accounts.credentials.issueToken(user.id) };
  }

  it('a revoked token stops working at once', async () => {
    const { accounts, user, token } = await setup();
    expect((await accounts.userForToken(token))?.id).toBe(user.id);
    expect(await accounts.credentials.revokeToken(user.id)).toBe(true);
    expect(await accounts.userForToken(token)).toBeNull();
  });

  it('a re-issued token replaces the old one at once', async () => {
    const { accounts, user, token } = await setup();
    expect((await accounts.userForToken(token))?.id).toBe(user.id);
    const fresh = await accounts.credentials.issueToken(user.id);
    expect(await accounts.userForToken(token)).toBeNull();
    expect((await accounts.userForToken(fresh))?.id).toBe(user.id);
  });

  it('a roster import (it issues tokens) leaves existing tokens working', async () => {
    const { accounts, token, user } = await setup();
    expect((await accounts.userForToken(token))?.id).toBe(user.id);
    await accounts.importRoster('email,name\nbob@example.edu,Bob\n');
    expect((await accounts.userForToken(token))?.id).toBe(user.id);
  });

  it('a revocation written by another connection to the same file is seen at once', async () => {
    const { file, accounts, user, token } = await setup();
    expect((await accounts.userForToken(token))?.id).toBe(user.id);
    const other = openDatabase(file);
    dbs.push(other);
    other.prepare('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ?').run(new Date().toISOString(), user.id);
    expect(await accounts.userForToken(token)).toBeNull();
  });

  it('a changed user is answered as changed', async () => {
    const { accounts, user, token } = await setup();
    expect((await accounts.userForToken(token))?.locale).toBe('en');
    await accounts.users.update(user.id, { locale: 'zh-CN', name: 'Ada L.' });
    expect(await accounts.userForToken(token)).toMatchObject({ locale: 'zh-CN', name: 'Ada L.' });
  });

  it('answers from memory: a row changed behind its back (no other connection, no accounts call) is not seen until the cache forgets', async () => {
    const { db, accounts, user, token } = await setup();
    expect((await accounts.userForToken(token))?.name).toBe('Ada');
    // The same connection, bypassing the accounts service: data_version does not move for it.
    db.prepare("UPDATE users SET name = 'Changed' WHERE id = ?").run(user.id);
    expect((await accounts.userForToken(token))?.name).toBe('Ada');
    await accounts.users.update(user.id, {});
    expect((await accounts.userForToken(token))?.name).toBe('Changed');
  });
});
