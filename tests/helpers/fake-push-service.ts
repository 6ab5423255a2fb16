import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/**
 * A push service (RFC 8030) on 127.0.0.1 standing in for FCM, Mozilla's or Apple's. Tests make
 * browser-side subscriptions with `device()` — a P-256 key pair and a 16-byte auth secret made with
 * node crypto, as a browser would — and hand `subscription` to the app. Every push that arrives is
 * checked the way a real push service and browser would:
 *
 * - the VAPID Authorization header (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT signed
 *   ES256 with that key, `aud` the endpoint's origin, `exp` within 24 hours, a `sub`;
 * - the body decrypted (RFC 8291, aes128gcm) with the device's private key and auth secret.
 *
 * Refused pushes are answered 401/400 and kept in `rejected`, so a test can assert there were none.
 * `answer(status)` makes a device's endpoint answer e.g. 404 or 410 (subscription gone).
 * The decryption is written here from the RFCs, independent of the library the app uses to encrypt.
 */

export type ReceivedPush = {
  deviceId: string;
  headers: IncomingHttpHeaders;
  /** The decrypted payload, parsed as JSON. */
  payload: any;
  claims: { aud: string; exp: number; sub: string };
  /** The `k=` of the Authorization header: the sender's VAPID public key. */
  vapidKey: string;
};

export type FakeDevice = {
  id: string;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Pushes decrypted for this device, oldest first. */
  received: () => ReceivedPush[];
  /** The status this endpoint answers from now on (201 by default; 404/410: subscription gone). */
  answer: (status: number) => void;
};

type DeviceState = { ecdh: ECDH; auth: Buffer; status: number };

export async function startFakePushService() {
  const devices = new Map<string, DeviceState>();
  const received: ReceivedPush[] = [];
  const rejected: { deviceId: string; reason: string }[] = [];
  let origin = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const deviceId = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const device = devices.get(deviceId);
      if (req.method !== 'POST' || !device) {
        res.writeHead(404).end('no such subscription');
        return;
      }
      const refuse = (status: number, reason: string) => {
        rejected.push({ deviceId, reason });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
      };
      let vapid: { claims: ReceivedPush['claims']; key: string };
      try {
        vapid = checkVapid(req.headers.authorization, origin);
      } catch (err) {
        return refuse(401, `VAPID: ${(err as Error).message}`);
      }
      if (req.headers['content-encoding'] !== 'aes128gcm')
        return refuse(400, 'content-encoding must be aes128gcm');
      if (!req.headers.ttl || !/^\d+$/.test(String(req.headers.ttl)))
        return refuse(400, 'TTL header missing');
      let payload: unknown;
      try {
        payload = JSON.parse(
          decryptAes128gcm(Buffer.concat(chunks), device.ecdh, device.auth).toString('utf8'),
        );
      } catch (err) {
        return refuse(400, `decryption: ${(err as Error).message}`);
      }
      if (device.status >= 200 && device.status < 300) {
        received.push({ deviceId, headers: req.headers, payload, claims: vapid.claims, vapidKey: vapid.key });
      }
      res.writeHead(device.status, { 'content-type': 'text/plain' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    origin,
    /** Every push accepted, oldest first. */
    received: () => [...received],
    /** Pushes refused for a bad signature, encoding or ciphertext. */
    rejected: () => [...rejected],
    /** A new browser subscription with its own keys. */
    device(): FakeDevice {
      const id = randomBytes(12).toString('base64url');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const state: DeviceState = { ecdh, auth: randomBytes(16), status: 201 };
      devices.set(id, state);
      return {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: state.auth.toString('base64url') },
        },
        received: () => received.filter((r) => r.deviceId === id),
        answer: (status) => {
          state.status = status;
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakePushService = Awaited<ReturnType<typeof startFakePushService>>;

/** RFC 8292: `vapid t=<ES256 JWT>, k=<base64url uncompressed P-256 public key>`. */
function checkVapid(header: string | undefined, expectedAudience: string) {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error('Authorization is not "vapid t=…, k=…"');
  const [, jwt, key] = m as unknown as [string, string, string];
  const [head, body, signature] = jwt.split('.') as [string, string, string];
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  if (header_.alg !== 'ES256') throw new Error(`alg ${header_.alg}, expected ES256`);
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 key');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  if (claims.aud !== expectedAudience) throw new Error(`aud ${claims.aud}, expected ${expectedAudience}`);
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 24 * 3600)
    throw new Error('exp missing, past, or more than 24 hours ahead');
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub))
    throw new Error('sub must be a mailto: or https: URL');
  return { claims, key };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/**
 * RFC 8188 aes128gcm content coding with the RFC 8291 key derivation, as the receiving browser runs
 * it: header (salt, record size, sender's public key as key id), then records of `rs` bytes.
 */
function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  if (body.length < 21) throw new Error('body shorter than the header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  if (senderPublic.length !== 65) throw new Error('key id is not the sender’s P-256 public key');
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  const receiverPublic = ecdh.getPublicKey();
  // RFC 8291 §3.4: IKM from the ECDH secret, the auth secret and both public keys.
  const prkKey = hmac(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    receiverPublic,
    senderPublic,
    Buffer.from([1]),
  ]);
  const ikm = hmac(prkKey, keyInfo);
  // RFC 8188 §2.2: content encryption key and nonce from the salt.
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const baseNonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);

  const records = body.subarray(21 + idLength);
  const out: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += rs, seq++) {
    const record = records.subarray(offset, Math.min(offset + rs, records.length));
    const nonce = Buffer.from(baseNonce);
    // The record's sequence number XORed into the low bytes (records here never exceed 2^32).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Padding: the data, a delimiter (2 in the last record, 1 before), then zeros.
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const last = offset + rs >= records.length;
    if (plain[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

/** Keys of a browser subscription nobody will push to (security sweeps, fuzzing): valid, unused. */
export function newDeviceKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}
