import { startFakeConnectWise } from '../fake-connectwise';

/** The credentials the suites' ConnectWise stand-in accepts. */
export const PSA_CREDENTIALS = {
  companyId: 'securitysuite',
  publicKey: 'PublicKey1234abcd',
  privateKey: 'PrivateKey9876wxyz',
  clientId: 'suite-client-0001',
};
/** A ticket the stand-in knows, for look-ups. */
export const PSA_TICKET = 24680;
/** Active members of the stand-in (13 is inactive). */
export const PSA_MEMBER_IDS = [11, 12, 13];

/** A ConnectWise stand-in on 127.0.0.1 with one ticket (needs ALLOW_PRIVATE_WEBHOOKS=true in the app). */
export async function startPsa() {
  const cw = await startFakeConnectWise(PSA_CREDENTIALS);
  cw.addTicket({
    id: PSA_TICKET,
    summary: 'Scanner cannot reach the file share',
    company: 'Harbor Dental',
    description: 'Since the NAS update',
  });
  const connection = (extra: Record<string, unknown> = {}) => ({
    site_url: cw.siteUrl,
    company_id: PSA_CREDENTIALS.companyId,
    public_key: PSA_CREDENTIALS.publicKey,
    private_key: PSA_CREDENTIALS.privateKey,
    client_id: PSA_CREDENTIALS.clientId,
    ...extra,
  });
  return { cw, connection, close: () => cw.close() };
}

export type Psa = Awaited<ReturnType<typeof startPsa>>;
