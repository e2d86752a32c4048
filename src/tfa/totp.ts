import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { Clock } from '../clock.ts';

const PERIOD_S = 30;

/**
 * Google Authenticator's TOTP as Magento checks it (otphp defaults): HMAC-SHA1, 6 digits, 30-second steps from
 * epoch 0, with `leeway` seconds of drift either way. Time is Keyway's clock, so tests can fix it.
 */
export class Totp {
  constructor(private readonly clock: Clock) {}

  /** A new random base32 secret (160 bits, RFC 4226's recommended size). */
  newSecret(): string {
    return generateSecret();
  }

  /** Whether a secret is base32 that otplib accepts (16 to 64 bytes), for secrets an operator sets. */
  isUsableSecret(secret: string): boolean {
    try {
      verifySync({ secret, token: '000000', epoch: 0 });
      return true;
    } catch {
      return false;
    }
  }

  /** The time step a code matches within `leeway` seconds of now, or undefined when it matches none. */
  matchingStep(secret: string, code: string, leeway: number): number | undefined {
    // otplib throws on anything but six digits; such a code is simply wrong.
    if (!/^\d{6}$/.test(code)) return undefined;
    const result = verifySync({
      secret,
      token: code,
      epoch: Math.floor(this.clock.now() / 1000),
      period: PERIOD_S,
      epochTolerance: leeway,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }

  /** otphp's provisioning URI: `otpauth://totp/<issuer>:<email>?secret=...&issuer=<issuer>`. */
  provisioningUri(secret: string, issuer: string, email: string): string {
    return generateURI({ issuer, label: email, secret });
  }

  /** The URI as a PNG QR code, base64, as Magento's Endroid settings draw it (400 px, no margin, level H). */
  async qrCodeBase64(uri: string): Promise<string> {
    const png = await QRCode.toBuffer(uri, { type: 'png', width: 400, margin: 0, errorCorrectionLevel: 'H' });
    return png.toString('base64');
  }
}
