import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyList, type KeyList } from './key-list.ts';

/** Where to look for the key material, and whom to tell when a key had to be generated. */
export interface KeySourceOptions {
  /** Usually `process.env`; only `CRYPT_KEY` and `CRYPT_KEY_FILE` are read. */
  env: NodeJS.ProcessEnv;
  /** Folder of the generated key file when neither variable is set; `var` under the working directory. */
  dataDir?: string;
  /** Told once, in words fit for the log, when a new key was generated. */
  onGenerated?: (message: string) => void;
}

/** The file, inside the data folder, that holds a key Keyway generated itself. */
export const GENERATED_KEY_FILE = 'keyway.key';

/**
 * Finds Keyway's key material: `CRYPT_KEY`, else the file named by `CRYPT_KEY_FILE`, else `var/keyway.key`,
 * which is created with a new random key on first start. Throws one clear line when the material is unusable.
 */
export function loadKeyList(options: KeySourceOptions): KeyList {
  const { env } = options;
  const inline = env.CRYPT_KEY;
  const file = env.CRYPT_KEY_FILE;
  // Both set is ambiguous, and silently preferring one would hide a deployment mistake.
  if (inline !== undefined && file !== undefined) throw new Error('Set CRYPT_KEY or CRYPT_KEY_FILE, not both');
  if (inline !== undefined) return parseKeyList(inline, 'CRYPT_KEY');
  if (file !== undefined) {
    if (file === '') throw new Error('CRYPT_KEY_FILE is empty: name the file that holds the key');
    return parseKeyList(readKeyFile(file, 'CRYPT_KEY_FILE'), `CRYPT_KEY_FILE (${file})`);
  }
  return generatedKey(options.dataDir ?? 'var', options.onGenerated ?? (() => {}));
}

function readKeyFile(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${variable} names ${path}, which cannot be read: ${(error as NodeJS.ErrnoException).code}`);
  }
}

function generatedKey(dataDir: string, onGenerated: (message: string) => void): KeyList {
  const path = join(dataDir, GENERATED_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // 32 random bytes as hex: 256 bits, in the printable form Magento's crypt/key also uses.
  const key = randomBytes(32).toString('hex');
  // Written in full to a private temporary file, then linked into place: link() fails when the key file
  // exists, so two nodes starting together never overwrite each other's key nor read a half-written one.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    onGenerated(
      `No CRYPT_KEY or CRYPT_KEY_FILE: generated a new key in ${path}; back it up, it encrypts stored secrets`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return parseKeyList(readKeyFile(path, 'The generated key file'), path);
}
