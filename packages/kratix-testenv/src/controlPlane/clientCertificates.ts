import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate authority the API server trusts for x509 client certificates. */
export interface ClientCertificateAuthority {
  /** The CA certificate (PEM) given to `--client-ca-file`. */
  caFile: string;
  /**
   * Signs a client certificate (PEM) for a user: its common name is the user name, its
   * organizations the groups, as the API server reads them.
   */
  issue(subject: {
    user: string;
    groups?: string[];
  }): Promise<{ certPem: string; keyPem: string }>;
}

/** Creates a client CA (openssl, EC P-256, valid for two days) in `<dir>/client-ca`. */
export async function createClientCertificateAuthority(
  dir: string,
): Promise<ClientCertificateAuthority> {
  const caDir = join(dir, 'client-ca');
  await mkdir(caDir, { recursive: true });
  const caFile = join(caDir, 'ca.crt');
  const caKey = join(caDir, 'ca.key');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=kratix-testenv-client-ca',
    '-keyout',
    caKey,
    '-out',
    caFile,
  ]);
  let serial = 0;
  return {
    caFile,
    async issue({ user, groups = [] }) {
      serial += 1;
      const base = join(caDir, `client-${serial}`);
      const subject = [...groups.map(g => `/O=${g}`), `/CN=${user}`].join('');
      await run('openssl', [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        subject,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
      ]);
      await writeFile(`${base}.ext`, 'extendedKeyUsage=clientAuth\n');
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-set_serial',
        String(serial + 1),
        '-days',
        '2',
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.crt`,
      ]);
      return {
        certPem: await readFile(`${base}.crt`, 'utf8'),
        keyPem: await readFile(`${base}.key`, 'utf8'),
      };
    },
  };
}
