import { generateKeyPair } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files of the RSA key pair that signs and verifies ServiceAccount tokens. */
export interface ServiceAccountKeys {
  privateKeyFile: string;
  publicKeyFile: string;
}

/**
 * Writes a fresh 2048-bit RSA pair (PEM: PKCS#8 private, SPKI public) into `dir`, the
 * same files `openssl genrsa` + `openssl rsa -pubout` make, without a child process.
 */
export async function createServiceAccountKeys(
  dir: string,
): Promise<ServiceAccountKeys> {
  const { privateKey, publicKey } = await new Promise<{
    privateKey: string;
    publicKey: string;
  }>((resolve, reject) =>
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, pub, priv) =>
        error ? reject(error) : resolve({ publicKey: pub, privateKey: priv }),
    ),
  );
  const keys = {
    privateKeyFile: join(dir, 'sa.key'),
    publicKeyFile: join(dir, 'sa.pub'),
  };
  await writeFile(keys.privateKeyFile, privateKey, { mode: 0o600 });
  await writeFile(keys.publicKeyFile, publicKey);
  return keys;
}
