import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * The issuer's sessions, codes and tokens, in this process only: a local demo has one process and
 * a restart signing everyone out is fine. Per issuer (the library's own adapter is one global LRU,
 * shared by every issuer a test starts) and expired entries drop out when read or on a sweep.
 */
export function memoryAdapter(): { factory: AdapterFactory; stop(): void } {
  const items = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const index = new Map<string, string>(); // sessionUid:/userCode: → model key
  const grants = new Map<string, Set<string>>(); // grantId → model keys
  const live = (key: string) => {
    const item = items.get(key);
    if (item && item.expiresAt <= Date.now()) items.delete(key);
    return item && item.expiresAt > Date.now() ? item.payload : undefined;
  };
  const sweep = setInterval(() => {
    for (const key of items.keys()) live(key);
  }, 60_000);
  sweep.unref();

  const factory: AdapterFactory = (model): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        items.set(key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
        if (payload.uid && model === 'Session') index.set(`sessionUid:${payload.uid}`, key(id));
        if (payload.userCode) index.set(`userCode:${payload.userCode}`, key(id));
        if (payload.grantId) grants.set(payload.grantId, (grants.get(payload.grantId) ?? new Set()).add(key(id)));
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        const k = index.get(`sessionUid:${uid}`);
        return k ? live(k) : undefined;
      },
      async findByUserCode(userCode) {
        const k = index.get(`userCode:${userCode}`);
        return k ? live(k) : undefined;
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        items.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of grants.get(grantId) ?? []) items.delete(k);
        grants.delete(grantId);
      },
    };
  };
  return { factory, stop: () => clearInterval(sweep) };
}
