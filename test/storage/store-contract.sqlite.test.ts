// The store contract on the embedded SQLite adapter: a real database file per test, in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openStores } from '../../server/storage/open-stores.js';
import { storeContract } from './store-contract.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-store-contract-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let count = 0;

storeContract('sqlite', {
  async fresh() {
    const file = path.join(dir, `db-${++count}.sqlite`);
    return { open: (options) => openStores(`sqlite:${file}`, options) };
  },
});
