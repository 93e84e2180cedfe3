// The address people open. The server's "listening on" line and every one-time sign-in link are
// built here, so the session cookie the link sets belongs to the host the terminal shows (a link
// on localhost and a printed 127.0.0.1 are two different sites for the browser's cookies).
import type { Config } from '../config.js';

/** SANDBOX_PUBLIC_URL when set; else http://<listening host>:<port>, a wildcard host read as localhost. */
export function baseUrl(config: Pick<Config, 'publicUrl' | 'host'>, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  return listeningUrl(config.host, port);
}

/** http://host:port for a listening address; 0.0.0.0 and :: (every interface) are reached as localhost. */
export function listeningUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
