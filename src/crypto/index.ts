// Keyway's one key: where it comes from, what it encrypts, and how nodes prove they share it.
export { type KeyList, parseKeyList } from './key-list.ts';
export { GENERATED_KEY_FILE, type KeySourceOptions, loadKeyList } from './key-source.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
export { checkKeyList, checkValueFor, type KeyCheck } from './check-value.ts';
export { lookupDigest } from './lookup-digest.ts';
export type { KeyCheckStore } from './key-check-store.ts';
export { KeyMismatchError, verifyKeyList } from './verify-key.ts';
