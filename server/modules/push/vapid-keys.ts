import { createECDH } from 'node:crypto';
import type { Config } from '../../config';
import { asSystem } from '../../db/tenant';
import type { Database } from '../../db/types';
import { secretBoxFor } from '../channels/channel-targets';
import * as repo from './push.repo';

/** The installation's VAPID key pair, base64url: the public key uncompressed (65 bytes), the private 32. */
export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** Additional data of the sealed private key: it opens only as this column of this table. */
const SEAL_CONTEXT = 'vapid_keys:private_key';

/** A fresh P-256 key pair in the form browsers (applicationServerKey) and push services expect. */
export function generateVapidKeyPair() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    // getPrivateKey drops leading zero bytes; the JWT signer needs exactly 32.
    privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
  };
}

/**
 * The `sub` claim push services may use to contact the sender: the app's https URL when it has one,
 * else a mailto: of the sender address (push services refuse http:// and localhost subjects).
 */
export function vapidSubject(config: Config) {
  if (config.appUrl.startsWith('https://')) return config.appUrl;
  const address = /<([^>]+)>/.exec(config.smtpFrom)?.[1] ?? config.smtpFrom;
  return `mailto:${address.trim()}`;
}

/** Per database and configuration (whose ENCRYPTION_KEY opens the private key). */
const loaded = new WeakMap<Database, WeakMap<Config, Promise<VapidKeys>>>();

/**
 * The key pair, generated and stored (sealed) by the first process that needs it; every later
 * process and restart reads the same pair, or every subscription would stop working. Concurrent
 * first starts race on one row (ON CONFLICT DO NOTHING) and all read the winner back. Loaded once
 * per process, database and configuration; a failed load is retried on the next call.
 */
export function vapidKeys(db: Database, config: Config): Promise<VapidKeys> {
  let byConfig = loaded.get(db);
  if (!byConfig) loaded.set(db, (byConfig = new WeakMap()));
  let keys = byConfig.get(config);
  if (!keys) {
    keys = loadOrCreate(db, config);
    byConfig.set(config, keys);
    keys.catch(() => byConfig.delete(config));
  }
  return keys;
}

async function loadOrCreate(db: Database, config: Config): Promise<VapidKeys> {
  const box = secretBoxFor(config);
  const row = await asSystem(db, 'vapid-keys', async (q) => {
    const fresh = generateVapidKeyPair();
    await repo.insertVapidKeysIfAbsent(q, fresh.publicKey, box.seal(fresh.privateKey, SEAL_CONTEXT));
    return repo.readVapidKeys(q);
  });
  if (!row) throw new Error('VAPID keys could not be stored');
  let privateKey: string;
  try {
    privateKey = box.open(row.private_key_sealed, SEAL_CONTEXT);
  } catch {
    // Sealed under a key no longer configured: without the private key no push can be signed, so
    // a new pair replaces it, and members opt their devices in again.
    return replaceUnreadable(db, config, row.public_key);
  }
  return { publicKey: row.public_key, privateKey, subject: vapidSubject(config) };
}

async function replaceUnreadable(db: Database, config: Config, oldPublicKey: string): Promise<VapidKeys> {
  const box = secretBoxFor(config);
  const fresh = generateVapidKeyPair();
  await asSystem(db, 'vapid-keys', (q) =>
    repo.replaceVapidKeys(q, oldPublicKey, fresh.publicKey, box.seal(fresh.privateKey, SEAL_CONTEXT)),
  );
  // Another process may have replaced it first: read back what is stored now.
  const row = await asSystem(db, 'vapid-keys', (q) => repo.readVapidKeys(q));
  return {
    publicKey: row!.public_key,
    privateKey: box.open(row!.private_key_sealed, SEAL_CONTEXT),
    subject: vapidSubject(config),
  };
}
