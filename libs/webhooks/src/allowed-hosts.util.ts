/**
 * Whether a URL may be called: http(s) only, no credentials in it, and its host (and port) on the
 * allow-list of `WEBHOOK_ALLOWED_HOSTS` — entries `host`, `host:port`, `host:*`, `*.suffix`, `*.suffix:port`.
 * A bare host allows its scheme's default port only. Returns the reason when it may not.
 */
export function refusalOf(raw: string, allowed: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not carry a user name or password';
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const ok = allowed.some((entry) => {
    const colon = entry.startsWith('[') ? entry.indexOf(']:') + 1 : entry.lastIndexOf(':');
    const [name, entryPort] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [entry, null];
    const portOk = entryPort === '*' || (entryPort === null ? url.port === '' : entryPort === port);
    const nameOk = name.startsWith('*.') ? host.endsWith(name.slice(1)) && host.length > name.length - 1 : host === name;
    return portOk && nameOk;
  });
  if (!ok) {
    return allowed.length === 0
      ? 'no webhook destinations are allowed on this server: its operator lists them in WEBHOOK_ALLOWED_HOSTS'
      : `${host}:${port} is not in WEBHOOK_ALLOWED_HOSTS; ask the operator to add it`;
  }
  return null;
}
