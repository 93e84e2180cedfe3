// A throwaway PostgreSQL cluster for tests: initdb in a temp directory, a server on a free
// TCP port of 127.0.0.1, stopped and deleted by stop(). The binaries come from Debian's
// `postgresql` package (.ci/run installs it); when they are missing this throws with the
// install command: a suite that needs PostgreSQL fails, it never skips.
// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
// (created by the Debian package) and commands run through `runuser`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type PostgresCluster = {
  /** postgres://… URL of a fresh database, owned by the superuser, password-less (trust). */
  url: string;
  port: number;
  /** Creates another empty database in the same cluster and returns its URL. */
  createDatabase(name: string): string;
  stop(): Promise<void>;
};

export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const first = versions[0];
  if (first !== undefined) return path.join(root, first, 'bin');
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with ' +
      '`apt-get install -y postgresql` (Debian) — the PostgreSQL tests need a real server.',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `settings`: extra server settings (`-c name=value`), e.g. `shared_preload_libraries` for
 * pg_stat_statements in a benchmark (bench/scale).
 */
export async function startPostgresCluster(options: { settings?: Record<string, string> } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? 'postgres' : os.userInfo().username;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'sock');
  fs.mkdirSync(socketDir);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);

  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
    const result = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${cmd} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
    return result.stdout;
  };

  run('initdb', ['-D', dataDir, '-U', owner, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const extra = Object.entries(options.settings ?? {}).map(([name, value]) => ` -c ${name}=${value}`);
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200${extra.join('')}`;
  run('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', path.join(dir, 'server.log'), '-w', 'start']);

  const urlFor = (db: string) => `postgres://${owner}@127.0.0.1:${port}/${db}`;
  const createDatabase = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name: ${name}`);
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', owner, name]);
    return urlFor(name);
  };
  const url = createDatabase('sandbox_test');

  let stopped = false;
  return {
    url,
    port,
    createDatabase,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
